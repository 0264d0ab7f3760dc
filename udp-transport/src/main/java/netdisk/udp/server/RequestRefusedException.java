package netdisk.udp.server;

import java.util.Objects;
import netdisk.udp.packet.ErrorCode;

/** A request the server will not serve; the client gets ERROR {@code code} with this message. */
public final class RequestRefusedException extends Exception {

    private final ErrorCode code;

    public RequestRefusedException(ErrorCode code, String message) {
        super(Objects.requireNonNull(message));
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }
}
