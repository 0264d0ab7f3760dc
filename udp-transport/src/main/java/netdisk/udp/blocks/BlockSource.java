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
     * Called once before the first block is read, when the terms of the transfer are settled: the
     * negotiated parameters and the options of the peer's OACK (empty without one). A writing
     * client learns here what the server acknowledged and may still refuse to send anything —
     * netdisk's client does when its session token went unacknowledged (spec/protocol.md 5.1).
     * The default does nothing.
     *
     * @throws IOException to end the transfer before any data goes out (the peer gets ERROR 0)
     */
    default void begin(netdisk.udp.options.TransferParameters parameters, netdisk.udp.packet.TftpOptions acknowledged)
            throws IOException {}

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
