package netdisk.udp.blocks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Collects received blocks in memory, for tests of the transfer state machines. It records
 * whether the transfer completed or aborted, keeps what arrived either way (so a test can look),
 * and can play a full disk: with a capacity, a write past it throws an {@link IOException}
 * (what a receiver answers with ERROR 3, RFC 1350 §5). Not thread-safe; the state flags may be
 * read from another thread.
 */
public final class ByteArrayBlockSink implements BlockSink {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long capacity;
    private volatile long bytesReceived;
    private volatile boolean completed;
    private volatile boolean aborted;

    /** Without a size limit. */
    public ByteArrayBlockSink() {
        this(Long.MAX_VALUE);
    }

    /** Refuses to hold more than {@code capacity} bytes, like a disk that fills up. */
    public ByteArrayBlockSink(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        if (completed || aborted) {
            throw new IllegalStateException(completed ? "sink already completed" : "sink already aborted");
        }
        int n = payload.remaining();
        if (bytes.size() + (long) n > capacity) {
            throw new IOException("no space left: capacity " + capacity + " bytes");
        }
        byte[] chunk = new byte[n];
        payload.get(chunk);
        bytes.write(chunk);
        bytesReceived += n;
    }

    @Override
    public void complete() {
        if (completed || aborted) {
            throw new IllegalStateException(completed ? "sink already completed" : "sink already aborted");
        }
        completed = true;
    }

    @Override
    public void abort() {
        if (!completed) {
            aborted = true;
        }
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void close() {
        abort();
    }

    /** What was written so far (a copy). */
    public byte[] bytes() {
        return bytes.toByteArray();
    }

    public boolean isCompleted() {
        return completed;
    }

    public boolean isAborted() {
        return aborted;
    }
}
