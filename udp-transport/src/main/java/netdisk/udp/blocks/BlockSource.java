package netdisk.udp.blocks;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the sending side of a transfer takes its blocks from, by block number.
 *
 * <p>Random access by number because a sender retransmits: after a timeout or a gap in a
 * window (RFC 7440) it reads blocks again. Block numbers here are the 64-bit counts of the
 * transfer, starting at 1, never the wrapped 16-bit wire numbers.
 */
public interface BlockSource extends Closeable {

    /**
     * Reads block {@code block} into {@code dst}: exactly {@code dst.remaining()} bytes (the
     * block size) unless the data ends inside this block. Fewer bytes (possibly 0) mark the last
     * block. {@code dst}'s position advances by the bytes read.
     *
     * @return the number of bytes read
     */
    int read(long block, ByteBuffer dst) throws IOException;

    /**
     * The number of bytes a receiver will get, when known before sending (an octet file's size);
     * {@code -1} when not (netascii changes the length while translating).
     */
    long size();

    /**
     * The receiver holds every block up to and including {@code block}: no block at or below it
     * will be read again, so a source may release what it kept to re-read them.
     */
    default void acknowledged(long block) {}

    @Override
    void close() throws IOException;
}
