package netdisk.services.discovery;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a server says of itself in its answers, but for the port (the responder takes the port the
 * listener is bound to) and the nonce (each question's).
 *
 * @param name 2.2's rules ({@link DiscoveryAnswer#nameProblem})
 * @param id random per run ({@link #newId()})
 * @param protocol the control protocol version
 * @param publicFolder whether a public folder is served to anonymous TFTP clients
 * @param version the software version, or {@code null}
 */
public record DiscoveryIdentity(String name, String id, int protocol, boolean publicFolder, String version) {

    public DiscoveryIdentity {
        Objects.requireNonNull(name, "name");
        // Checks every field once, here rather than on the first question.
        new DiscoveryAnswer(0, name, id, 1, protocol, publicFolder, version);
    }

    /** The answer to {@code question} from a server on {@code port}. */
    public DiscoveryAnswer answer(DiscoveryQuestion question, int port) {
        return new DiscoveryAnswer(question.nonce(), name, id, port, protocol, publicFolder, version);
    }

    /** A fresh random id: 64 bits from a {@link SecureRandom}, in hex. */
    public static String newId() {
        byte[] bytes = new byte[DiscoveryAnswer.ID_LENGTH / 2];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
