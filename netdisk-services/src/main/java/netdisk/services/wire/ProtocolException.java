package netdisk.services.wire;

import java.time.Duration;
import java.util.Objects;

/**
 * A request the server refuses with an error frame: the code and message that go on the wire.
 * Thrown by the message codec and the handler; the connection turns it into a
 * {@link Response.Failure}.
 */
public final class ProtocolException extends Exception {

    private final ErrorCode code;
    private final Duration retryAfter;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** @param retryAfter for {@link ErrorCode#THROTTLED}; {@code null} otherwise */
    public ProtocolException(ErrorCode code, String message, Duration retryAfter) {
        super(message);
        this.code = Objects.requireNonNull(code);
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** How long to wait before retrying, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
