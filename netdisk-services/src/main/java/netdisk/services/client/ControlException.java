package netdisk.services.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import netdisk.services.wire.ErrorCode;

/**
 * A control request that failed: refused by the server (a stable {@link ErrorCode}, its message
 * and, for THROTTLED, how long to wait), or failed on this side (one of the local codes below:
 * the server unreachable, the connection lost, an answer that breaks the protocol).
 */
public final class ControlException extends IOException {

    /** Local: could not connect (refused, unreachable, timed out). */
    public static final String CONNECT_FAILED = "CONNECT_FAILED";
    /** Local: the connection broke or the server closed it. */
    public static final String CONNECTION_LOST = "CONNECTION_LOST";
    /** Local: the server's answer is not what the protocol allows. */
    public static final String PROTOCOL_ERROR = "PROTOCOL_ERROR";
    /** Local: no answer within the client's timeout (the server's TIMEOUT shares the name). */
    public static final String TIMEOUT = ErrorCode.TIMEOUT.name();

    private final String code;
    private final boolean fromServer;
    private final Duration retryAfter;

    ControlException(String code, String message, boolean fromServer, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
        this.fromServer = fromServer;
        this.retryAfter = retryAfter;
    }

    static ControlException local(String code, String message, Throwable cause) {
        return new ControlException(code, message, false, null, cause);
    }

    /** The code: a server's {@link ErrorCode} name, or one of the local codes. */
    public String code() {
        return code;
    }

    /** The server's code as a constant; empty for local failures and codes newer than this client. */
    public Optional<ErrorCode> errorCode() {
        return fromServer ? ErrorCode.fromWire(code) : Optional.empty();
    }

    /** Whether the server sent this error (rather than this side detecting it). */
    public boolean fromServer() {
        return fromServer;
    }

    /** For THROTTLED: how long to wait before trying again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
