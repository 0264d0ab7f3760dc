package netdisk.services.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * "I am one" (spec/discovery.md 2.2): what a server says of itself. Its addresses are not in it:
 * the client knows where the answer came from, and that is where it can reach the server.
 *
 * @param nonce the question's, echoed
 * @param name what users call the server ({@code netdisk server --name}, the host name by default):
 *     1 to {@value #MAX_NAME_BYTES} bytes of UTF-8 without control characters
 * @param id this run of the server, {@value #ID_LENGTH} lower-case hex digits: two answers with
 *     one id are one server heard on two paths; two ids with one name are two servers
 * @param port the port number of its TFTP requests and its control channel (one number, UDP and TCP)
 * @param protocol the control protocol version it speaks ({@code ControlProtocol.VERSION})
 * @param publicFolder whether it serves a public folder to anonymous TFTP clients
 * @param version its software version (printable ASCII, at most {@value #MAX_VERSION_BYTES}
 *     bytes), or {@code null} when it does not say
 */
public record DiscoveryAnswer(long nonce, String name, String id, int port, int protocol, boolean publicFolder,
        String version) implements DiscoveryMessage {

    public static final int MAX_NAME_BYTES = 64;
    public static final int ID_LENGTH = 16;
    public static final int MAX_VERSION_BYTES = 32;

    public DiscoveryAnswer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        String problem = nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!id.matches("[0-9a-f]{" + ID_LENGTH + "}")) {
            throw new IllegalArgumentException("an id is " + ID_LENGTH + " lower-case hex digits, not '" + id + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (protocol < 1 || protocol > 65535) {
            throw new IllegalArgumentException("protocol must be 1..65535, got " + protocol);
        }
        if (version != null && !version.matches("[\\x21-\\x7e]{1," + MAX_VERSION_BYTES + "}")) {
            throw new IllegalArgumentException("a version is 1.." + MAX_VERSION_BYTES
                    + " printable ASCII characters, not '" + version + "'");
        }
    }

    /** Why {@code name} cannot be a server's name, or {@code null} when it can. */
    public static String nameProblem(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > MAX_NAME_BYTES) {
            return "a server name is 1.." + MAX_NAME_BYTES + " bytes of UTF-8, not " + bytes;
        }
        if (name.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0xfffd)) {
            return "a server name has no control characters";
        }
        if (!name.equals(name.strip())) {
            return "a server name neither starts nor ends with a space";
        }
        return null;
    }
}
