package netdisk.udp.blocks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Octet blocks of a byte array, for tests of the transfer state machines: same block rules as
 * {@link FileBlockSource}, and it records which blocks were read and what was acknowledged so a
 * test can assert on retransmissions. Wrap it in a {@link NetasciiBlockSource} for netascii.
 * Not thread-safe, but what it recorded may be read from another thread.
 */
public final class ByteArrayBlockSource implements BlockSource {

    private final byte[] data;
    private final List<Long> reads = Collections.synchronizedList(new ArrayList<>());
    private volatile long acknowledgedThrough;
    private volatile boolean closed;

    /** Serves {@code data} itself (not a copy): tests must not change it during a transfer. */
    public ByteArrayBlockSource(byte[] data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    /** @throws IllegalArgumentException when {@code block} starts past the end of the data */
    @Override
    public int read(long block, ByteBuffer dst) {
        if (block < 1) {
            throw new IllegalArgumentException("blocks are counted from 1: " + block);
        }
        long offset = Math.multiplyExact(block - 1, (long) dst.remaining());
        if (offset > data.length) {
            throw new IllegalArgumentException("block " + block + " starts past the end");
        }
        int length = (int) Math.min(dst.remaining(), data.length - offset);
        dst.put(data, (int) offset, length);
        reads.add(block);
        return length;
    }

    @Override
    public long size() {
        return data.length;
    }

    @Override
    public void acknowledged(long block) {
        acknowledgedThrough = Math.max(acknowledgedThrough, block);
    }

    /** Every block number read, in order, repeats included. */
    public List<Long> reads() {
        synchronized (reads) {
            return List.copyOf(reads);
        }
    }

    /** The highest block reported by {@link #acknowledged(long)}, 0 before any. */
    public long acknowledgedThrough() {
        return acknowledgedThrough;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
