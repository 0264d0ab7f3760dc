package netdisk.services.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes length-prefixed frames (see {@link FrameReader} for the layout). Each frame goes out in
 * one write and is flushed: the protocol is request/response, so nothing waits for more.
 */
public final class FrameWriter {

    private final OutputStream out;
    private final int maxFrame;

    /** @param maxFrame the largest payload the peer accepts */
    public FrameWriter(OutputStream out, int maxFrame) {
        this.out = Objects.requireNonNull(out);
        this.maxFrame = maxFrame;
    }

    public void write(ObjectNode object) throws IOException {
        byte[] frame = FrameCodec.frame(object);
        int payload = frame.length - FrameCodec.HEADER_BYTES;
        if (payload > maxFrame) {
            throw new IOException("frame of " + payload + " bytes exceeds the peer's maximum of " + maxFrame);
        }
        out.write(frame);
        out.flush();
    }

    /** The raw stream, for the data path's bytes after a download header or upload ready. */
    public OutputStream raw() {
        return out;
    }
}
