package netdisk.services.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads length-prefixed frames from a stream:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              length (signed 32-bit, big-endian)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            length bytes of UTF-8 JSON (one object) ...       |
 * </pre>
 *
 * A length outside 1..maxFrame is refused before any payload byte is read, so a peer cannot make
 * us allocate more than maxFrame. Time limits belong to the stream (the server wraps its socket in {@code control.DeadlineInput}).
 * Not thread-safe: one reader per connection.
 */
public final class FrameReader {

    private static final Runnable NOTHING = () -> {};

    private final InputStream in;
    private final int maxFrame;

    public FrameReader(InputStream in, int maxFrame) {
        this.in = Objects.requireNonNull(in);
        if (maxFrame < 1) {
            throw new IllegalArgumentException("maxFrame must be positive: " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    /** The next frame's object, or {@code null} when the stream ends cleanly between frames. */
    public ObjectNode read() throws IOException {
        return read(NOTHING);
    }

    /**
     * The next frame's object, or {@code null} when the stream ends cleanly between frames.
     *
     * @param firstByte runs when the frame's first byte arrived (the server starts the frame's
     *     completion deadline there)
     */
    public ObjectNode read(Runnable firstByte) throws IOException {
        byte[] payload = readPayload(firstByte);
        return payload == null ? null : FrameCodec.decode(payload);
    }

    /** The next frame's payload, unparsed, or {@code null} at a clean end of stream. */
    public byte[] readPayload(Runnable firstByte) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        firstByte.run();
        int length = b0 << 24;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int b = in.read();
            if (b < 0) {
                throw new FrameException(FrameException.Kind.TRUNCATED, "stream ended inside a frame's length prefix");
            }
            length |= b << shift;
        }
        if (length <= 0) {
            throw new FrameException(FrameException.Kind.BAD_FRAME,
                    "frame length " + length + " is not positive; a frame holds 1.." + maxFrame + " bytes");
        }
        if (length > maxFrame) {
            throw new FrameException(FrameException.Kind.FRAME_TOO_LARGE,
                    "frame length " + length + " exceeds the maximum of " + maxFrame + " bytes");
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new FrameException(FrameException.Kind.TRUNCATED, "stream ended after " + payload.length
                    + " of the frame's " + length + " bytes", new EOFException());
        }
        return payload;
    }
}
