package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The blocks of a file sent in octet mode: block {@code k} (counted from 1) is the file's bytes
 * {@code [start + (k-1)*b, start + k*b)}, where {@code b} is the block size (the room in the
 * buffer passed to {@link #read}) and {@code start} an offset fixed at construction, so that a
 * resumed download can begin in the middle of the file.
 *
 * <p>Small blocks (512 bytes without RFC 2348) would cost one system call each; instead the
 * source reads ahead into a buffer (256 KiB by default, a whole number of blocks) and serves
 * blocks from it. A retransmitted block outside the buffer refills the buffer from that block,
 * so memory stays bounded whatever the file size.
 *
 * <p>The file's length is taken once, when the source is opened, and {@link #size()} (the
 * RFC 2349 tsize) reports it; bytes appended later are not sent. A file that shrinks under a
 * running transfer makes {@link #read} throw rather than end early with a wrong length.
 *
 * <p>Not thread-safe: one transfer uses it from one thread.
 */
public final class FileBlockSource implements BlockSource {

    /** Read-ahead size unless told otherwise: 512 blocks of 512 bytes. */
    public static final int DEFAULT_READ_AHEAD = 256 * 1024;

    private final FileChannel channel;
    private final long start;
    private final long end;
    /** Holds the file bytes {@code [aheadStart, aheadStart + ahead.limit())}. */
    private final ByteBuffer ahead;
    private long aheadStart;

    /**
     * A source over {@code channel}, which it owns (and closes) from now on.
     *
     * @param startOffset the file offset where block 1 begins, {@code 0..size}
     * @param readAheadBytes the read-ahead buffer size, at least 1
     * @throws IllegalArgumentException when {@code startOffset} is negative or past the end
     */
    public FileBlockSource(FileChannel channel, long startOffset, int readAheadBytes)
            throws IOException {
        this.channel = Objects.requireNonNull(channel, "channel");
        if (readAheadBytes < 1) {
            throw new IllegalArgumentException("read-ahead must be at least 1 byte: " + readAheadBytes);
        }
        this.end = channel.size();
        if (startOffset < 0 || startOffset > end) {
            throw new IllegalArgumentException(
                    "start offset " + startOffset + " outside the file's 0.." + end + " bytes");
        }
        this.start = startOffset;
        this.ahead = ByteBuffer.allocate(readAheadBytes).limit(0);
        this.aheadStart = startOffset;
    }

    /** Opens {@code file} for reading from its first byte. */
    public static FileBlockSource open(Path file) throws IOException {
        return open(file, 0);
    }

    /**
     * Opens {@code file} for reading from {@code startOffset}.
     *
     * @throws IllegalArgumentException when {@code startOffset} is negative or past the end
     */
    public static FileBlockSource open(Path file, long startOffset) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new FileBlockSource(channel, startOffset, DEFAULT_READ_AHEAD);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when {@code block} is below 1 or starts past the end of
     *     the data (the block after the last, short, one)
     * @throws IOException when reading fails or the file shrank since it was opened
     */
    @Override
    public int read(long block, ByteBuffer dst) throws IOException {
        if (block < 1) {
            throw new IllegalArgumentException("blocks are counted from 1: " + block);
        }
        int blockSize = dst.remaining();
        long offset = Math.addExact(start, Math.multiplyExact(block - 1, (long) blockSize));
        if (offset > end) {
            throw new IllegalArgumentException("block " + block + " of " + blockSize
                    + " bytes starts past the end of " + size() + " bytes");
        }
        int length = (int) Math.min(blockSize, end - offset);
        if (length > ahead.capacity()) {
            // A block larger than the read-ahead: no point copying it twice.
            ByteBuffer slice = dst.slice(dst.position(), length);
            readFully(slice, offset);
            dst.position(dst.position() + length);
            return length;
        }
        if (offset < aheadStart || offset + length > aheadStart + ahead.limit()) {
            fill(offset, blockSize);
        }
        int at = (int) (offset - aheadStart);
        dst.put(ahead.slice(at, length));
        return length;
    }

    /** Refills the read-ahead starting at {@code offset}, with a whole number of blocks. */
    private void fill(long offset, int blockSize) throws IOException {
        int room = ahead.capacity();
        if (blockSize > 0) {
            // Whole blocks only, so the next refill starts exactly on a block boundary.
            room -= room % blockSize;
        }
        int length = (int) Math.min(room, end - offset);
        ahead.clear().limit(length);
        aheadStart = offset;
        try {
            readFully(ahead, offset);
        } catch (IOException | RuntimeException e) {
            ahead.clear().limit(0);
            throw e;
        }
        ahead.flip();
    }

    private void readFully(ByteBuffer into, long offset) throws IOException {
        long position = offset;
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                throw new IOException("file shrank while being sent: it ends at byte " + position
                        + ", it had " + end + " bytes when the transfer began");
            }
            position += n;
        }
    }

    /** The bytes from the start offset to the end of the file as it was when opened. */
    @Override
    public long size() {
        return end - start;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
