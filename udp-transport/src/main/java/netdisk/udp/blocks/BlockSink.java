package netdisk.udp.blocks;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the receiving side of a transfer puts its blocks, strictly in order.
 *
 * <p>A sink must leave no half-written result behind: nothing is visible under the final name
 * until {@link #complete()}, and {@link #abort()} leaves any earlier file of that name intact.
 */
public interface BlockSink extends Closeable {

    /**
     * Called once before the first block, when the terms of the transfer are settled: the
     * negotiated parameters and the options of the peer's OACK (empty without one). A sink that
     * continues a partial file (netdisk's resume) learns here whether the server agreed, and where
     * to continue. The default does nothing.
     */
    default void begin(netdisk.udp.options.TransferParameters parameters, netdisk.udp.packet.TftpOptions acknowledged)
            throws IOException {}

    /** Appends the next block's payload (all remaining bytes of {@code payload}). */
    void write(ByteBuffer payload) throws IOException;

    /** Every block has arrived: make the data durable and visible under its final name. */
    void complete() throws IOException;

    /** The transfer failed or was cancelled: discard what was written. Never throws. */
    void abort();

    /** Bytes accepted so far, as they came off the wire (before any netascii translation). */
    long bytesReceived();

    /** Closes without completing: the same as {@link #abort()} unless already completed. */
    @Override
    void close();
}
