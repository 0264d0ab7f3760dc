package netdisk.services.wire;

import java.io.IOException;
import java.util.Objects;

/**
 * A frame that could not be read: a bad length, a truncated frame or a payload that is not a
 * JSON object. {@link #fatal()} says whether the stream can still be read (spec/control.md,
 * "Framing"): after a bad length nobody knows where the next frame starts.
 */
public final class FrameException extends IOException {

    /** What went wrong. */
    public enum Kind {
        /** The length prefix is 0 or negative. Fatal. */
        BAD_FRAME(ErrorCode.BAD_FRAME, true),
        /** The length prefix exceeds the maximum. Fatal. */
        FRAME_TOO_LARGE(ErrorCode.FRAME_TOO_LARGE, true),
        /** The stream ended inside a frame. Fatal (there is nobody left to answer). */
        TRUNCATED(ErrorCode.BAD_FRAME, true),
        /** The payload is not UTF-8, not JSON or not an object. The next frame can be read. */
        BAD_JSON(ErrorCode.BAD_JSON, false);

        private final ErrorCode code;
        private final boolean fatal;

        Kind(ErrorCode code, boolean fatal) {
            this.code = code;
            this.fatal = fatal;
        }
    }

    private final Kind kind;

    public FrameException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
    }

    public FrameException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
    }

    public Kind kind() {
        return kind;
    }

    /** The code an error frame carries for this failure. */
    public ErrorCode code() {
        return kind.code;
    }

    /** Whether the connection must be closed (after answering, where possible). */
    public boolean fatal() {
        return kind.fatal;
    }
}
