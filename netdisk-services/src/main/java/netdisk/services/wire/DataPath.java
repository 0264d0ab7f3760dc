package netdisk.services.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * The raw bytes of the TCP data path (spec/control.md, "The TCP data path"), for both ends: exactly
 * the announced number, streamed in bounded chunks (a file is never held in memory). The server
 * sends downloads and receives uploads with it; the client the other way round.
 *
 * <p>Time limits belong to the streams the caller passes (the server's {@code DeadlineInput} and
 * {@code StallGuard}, the client's socket timeout). Failures of the stream come out as they are, so
 * a caller can tell a timeout from a closed connection; a failure of the receiving sink comes out
 * as {@link SinkFailure}, because then the connection is still sound.
 */
public final class DataPath {

    /** Bytes per read and write; also the size callers give their buffered streams. */
    public static final int CHUNK = 64 * 1024;

    /**
     * How long the bytes may stop flowing before either end gives the stream up. Under heavy loss
     * TCP itself goes quiet while its retransmission timer backs off (200 ms, 400 ms … doubling up
     * to Linux's TCP_RTO_MAX of 120 s): on the lab's link at 20 % loss each way an upload stalled
     * over 30 s once in CI and the server, with a 30 s limit, closed a connection TCP was still
     * recovering. A stall shorter than TCP's longest backoff step is TCP at work, not a dead peer.
     */
    public static final Duration STALL_LIMIT = Duration.ofSeconds(120);

    /** A progress listener that listens to nothing. */
    public static final LongConsumer NO_PROGRESS = moved -> { };

    private DataPath() {
    }

    /** Where received bytes go; {@code OutputStream::write} is one. */
    @FunctionalInterface
    public interface ChunkSink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /**
     * Sends {@code length} bytes of {@code file} from {@code offset}, then flushes.
     *
     * @param progress told the bytes sent so far, after each chunk
     * @throws EOFException when the file ends first (it shrank under us): the promised length cannot
     *     be kept, so the caller must close rather than send a short stream
     */
    public static void send(FileChannel file, long offset, long length, OutputStream out, LongConsumer progress)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long sent = 0;
        while (sent < length) {
            buffer.clear().limit((int) Math.min(CHUNK, length - sent));
            int n = file.read(buffer, offset + sent);
            if (n < 0) {
                throw new EOFException("file ended " + (length - sent) + " bytes early while being sent");
            }
            out.write(buffer.array(), 0, n);
            sent += n;
            progress.accept(sent);
        }
        out.flush();
    }

    /**
     * Receives exactly {@code size} bytes into {@code sink}.
     *
     * @param progress told the bytes received so far, after each chunk
     * @throws EOFException when the stream ends first
     * @throws SinkFailure when the sink cannot take the bytes (the stream is fine)
     */
    public static void receive(InputStream in, long size, ChunkSink sink, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long received = 0;
        while (received < size) {
            int n = in.read(buffer, 0, (int) Math.min(CHUNK, size - received));
            if (n < 0) {
                throw new EOFException("stream ended after " + received + " of " + size + " bytes");
            }
            received += n;
            try {
                sink.write(buffer, 0, n);
            } catch (IOException e) {
                throw new SinkFailure(received, e);
            }
            progress.accept(received);
        }
    }

    /** Reads and drops {@code count} bytes: the rest of an upload that cannot be stored. */
    public static void discard(InputStream in, long count) throws IOException {
        receive(in, count, (bytes, offset, length) -> { }, NO_PROGRESS);
    }

    /**
     * Writing the received bytes failed (a full disk, a failing one), not the stream: the connection
     * is sound, and after the rest of the bytes it can carry the next request.
     */
    public static final class SinkFailure extends IOException {
        private final long consumed;

        SinkFailure(long consumed, IOException cause) {
            super(cause.getMessage(), cause);
            this.consumed = consumed;
        }

        /** Bytes read from the stream so far, the failed chunk included. */
        public long consumed() {
            return consumed;
        }
    }
}
