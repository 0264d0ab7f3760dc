package netdisk.udp.transfer;

import java.util.Objects;
import netdisk.udp.packet.ErrorCode;

/**
 * Why a transfer ended without success.
 *
 * @param kind what went wrong, for exit codes and retries
 * @param code the TFTP error code sent or received (for {@link Kind#REMOTE_ERROR}: the peer's)
 * @param message a one-line explanation for a person
 */
public record TransferFailure(Kind kind, int code, String message) {

    /** The kinds of failure. */
    public enum Kind {
        /** The peer sent an ERROR packet. */
        REMOTE_ERROR,
        /** The peer stopped answering. */
        TIMEOUT,
        /** The peer broke the protocol (we sent it ERROR 4). */
        PROTOCOL,
        /** The options could not be agreed (ERROR 8, either side). */
        NEGOTIATION,
        /** Our own file or socket failed. */
        LOCAL_IO,
        /** Stopped on purpose (shutdown, cancel). */
        CANCELLED
    }

    public TransferFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public TransferFailure(Kind kind, ErrorCode code, String message) {
        this(kind, code.code(), message);
    }

    public ErrorCode errorCode() {
        return ErrorCode.of(code);
    }

    @Override
    public String toString() {
        return kind + " (TFTP error " + code + "): " + message;
    }
}
