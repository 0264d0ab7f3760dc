package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The blocks of a local text file sent in netascii mode (RFC 1350 §1): the file's bytes are
 * encoded by a {@link NetasciiEncoder} and the encoded stream is cut into blocks.
 *
 * <p>Encoding changes lengths, so block {@code k} cannot be found by arithmetic. The source
 * produces blocks in order and, for each block not yet acknowledged, keeps a checkpoint: the
 * local byte offset where the block's encoding begins and the encoder's pending byte (the LF or
 * NUL of a pair split by the previous block boundary). A retransmission (a timeout, or a gap in
 * an RFC 7440 window) rewinds to the block's checkpoint and encodes it again, byte for byte the
 * same. {@link #acknowledged(long)} drops the checkpoints behind the receiver, so the sender
 * must report acknowledgements for memory to stay bounded (8 bytes per unacknowledged block).
 *
 * <p>The local bytes come from an octet {@link BlockSource} (a {@link FileBlockSource}, or a
 * {@link ByteArrayBlockSource} in tests) read in chunks of a fixed size; that source's own
 * read-ahead makes the chunks cheap. The wire length is unknown before sending: {@link #size()}
 * is {@code -1} (no tsize in netascii).
 *
 * <p>The block size (the room in the buffers passed to {@link #read}) must stay the same for the
 * whole transfer. Not thread-safe.
 */
public final class NetasciiBlockSource implements BlockSource {

    /** Local bytes fetched from the octet source at a time. */
    public static final int DEFAULT_CHUNK = 8 * 1024;

    private final BlockSource local;
    private final int chunkSize;
    /** Local bytes {@code [chunkStart, chunkStart + chunk.limit())}; position = next to encode. */
    private final ByteBuffer chunk;
    private long chunkStart;
    private final NetasciiEncoder encoder = new NetasciiEncoder();
    /** Per block: (local offset << 2) | pending ordinal, for blocks from the oldest unacked on. */
    private final CheckpointLog checkpoints = new CheckpointLog(1);
    /** The block whose encoding starts at the current local offset and encoder state. */
    private long nextBlock = 1;
    private int blockSize = -1;
    private ByteBuffer skipBuffer;

    /** Encodes {@code local}, which it owns (and closes), in chunks of {@link #DEFAULT_CHUNK}. */
    public NetasciiBlockSource(BlockSource local) {
        this(local, DEFAULT_CHUNK);
    }

    /**
     * Encodes {@code local}, which it owns (and closes), reading it in blocks of {@code
     * chunkSize} bytes (so {@code local}'s block k is local bytes {@code [(k-1)*chunkSize,
     * k*chunkSize)}, as octet sources do).
     */
    public NetasciiBlockSource(BlockSource local, int chunkSize) {
        this.local = Objects.requireNonNull(local, "local");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1: " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.chunk = ByteBuffer.allocate(chunkSize).limit(0);
        checkpoints.append(1, checkpoint(0, NetasciiEncoder.Pending.NONE));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when {@code block} was already acknowledged
     * @throws IllegalArgumentException when the block size differs from earlier reads
     */
    @Override
    public int read(long block, ByteBuffer dst) throws IOException {
        if (block < 1) {
            throw new IllegalArgumentException("blocks are counted from 1: " + block);
        }
        if (blockSize < 0) {
            blockSize = dst.remaining();
        } else if (dst.remaining() != blockSize) {
            throw new IllegalArgumentException("block size changed from " + blockSize + " to "
                    + dst.remaining() + " during the transfer");
        }
        if (block != nextBlock) {
            if (block < checkpoints.first()) {
                throw new IllegalStateException("block " + block
                        + " was acknowledged; it cannot be read again");
            }
            rewindTo(Math.min(block, checkpoints.last()));
            skipTo(block);
        }
        return produce(dst);
    }

    /** Encodes block {@link #nextBlock} into {@code dst} and moves on to the next one. */
    private int produce(ByteBuffer dst) throws IOException {
        int before = dst.position();
        while (dst.hasRemaining()) {
            if (!chunk.hasRemaining() && !encoder.hasPending() && !loadChunk()) {
                break; // end of the local data
            }
            encoder.encode(chunk, dst);
        }
        nextBlock++;
        if (nextBlock == checkpoints.end()) {
            checkpoints.append(nextBlock, checkpoint(localOffset(), encoder.pending()));
        }
        return dst.position() - before;
    }

    private void rewindTo(long block) {
        if (block == nextBlock) {
            return;
        }
        long saved = checkpoints.get(block);
        seek(saved >>> 2);
        encoder.restore(NetasciiEncoder.Pending.values()[(int) (saved & 3)]);
        nextBlock = block;
    }

    /** Produces (and discards) blocks up to {@code block}; only when a sender skips ahead. */
    private void skipTo(long block) throws IOException {
        while (nextBlock < block) {
            if (skipBuffer == null) {
                skipBuffer = ByteBuffer.allocate(blockSize);
            }
            produce(skipBuffer.clear());
        }
    }

    private long localOffset() {
        return chunkStart + chunk.position();
    }

    private void seek(long offset) {
        if (offset >= chunkStart && offset <= chunkStart + chunk.limit()) {
            chunk.position((int) (offset - chunkStart));
        } else {
            chunkStart = offset;
            chunk.clear().limit(0);
        }
    }

    /**
     * Loads the chunk holding the current local offset.
     *
     * @return false at the end of the local data
     */
    private boolean loadChunk() throws IOException {
        long offset = localOffset();
        long index = offset / chunkSize;
        chunk.clear();
        int n;
        try {
            n = local.read(index + 1, chunk);
        } catch (IOException | RuntimeException e) {
            chunkStart = offset;
            chunk.clear().limit(0);
            throw e;
        }
        chunk.flip();
        chunkStart = index * chunkSize;
        int at = (int) (offset - chunkStart);
        if (at >= n) {
            chunk.position(n);
            return false;
        }
        chunk.position(at);
        return true;
    }

    /** Unknown: the encoded length is only found by encoding. */
    @Override
    public long size() {
        return -1;
    }

    @Override
    public void acknowledged(long block) {
        checkpoints.dropThrough(block);
    }

    /** How many checkpoints are kept (for tests of the pruning). */
    int checkpointCount() {
        return checkpoints.size();
    }

    private static long checkpoint(long offset, NetasciiEncoder.Pending pending) {
        return (offset << 2) | pending.ordinal();
    }

    @Override
    public void close() throws IOException {
        local.close();
    }
}
