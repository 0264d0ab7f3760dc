package netdisk.services.control;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import netdisk.services.Sha256;
import netdisk.udp.blocks.BlockSink;

/**
 * The raw bytes of the TCP data path (spec/control.md, "The TCP data path"): exactly the
 * announced number, streamed in bounded chunks (a file is never held in memory). Time limits
 * belong to the streams ({@link DeadlineInput}, {@link StallGuard}).
 */
final class DataPath {

    static final int CHUNK = 64 * 1024;

    private DataPath() {}

    /** Sends {@code length} bytes of {@code file} from {@code offset}. */
    static void send(FileChannel file, long offset, long length, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long position = offset;
        long left = length;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(CHUNK, left));
            int n = file.read(buffer, position);
            if (n < 0) {
                // The file shrank under us (written in place by someone else): the promised length
                // cannot be kept, so the caller must close rather than send a short stream.
                throw new EOFException("file ended " + left + " bytes early while being sent");
            }
            out.write(buffer.array(), 0, n);
            position += n;
            left -= n;
        }
        out.flush();
    }

    /**
     * Receives exactly {@code size} bytes into {@code sink}.
     *
     * @return the SHA-256 of the bytes
     * @throws EOFException when the stream ends first
     * @throws SinkFailure when the sink cannot take the bytes (the stream is fine)
     */
    static byte[] receive(InputStream in, long size, BlockSink sink) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[CHUNK];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(CHUNK, left));
            if (n < 0) {
                throw new EOFException("stream ended after " + (size - left) + " of " + size + " bytes");
            }
            digest.update(buffer, 0, n);
            left -= n;
            try {
                sink.write(ByteBuffer.wrap(buffer, 0, n));
            } catch (IOException e) {
                throw new SinkFailure(size - left, e);
            }
        }
        return digest.digest();
    }

    /** Reads and drops {@code count} bytes: the rest of an upload that cannot be stored. */
    static void discard(InputStream in, long count) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(CHUNK, left));
            if (n < 0) {
                throw new EOFException("stream ended " + left + " bytes early");
            }
            left -= n;
        }
    }

    /**
     * Writing the bytes failed on the server (a full disk, a failing one), not the stream: the
     * connection is sound, and after the rest of the upload it can carry the next request.
     */
    static final class SinkFailure extends IOException {
        private final long consumed;

        SinkFailure(long consumed, IOException cause) {
            super(cause.getMessage(), cause);
            this.consumed = consumed;
        }

        /** Bytes of the upload read from the stream so far. */
        long consumed() {
            return consumed;
        }
    }
}
