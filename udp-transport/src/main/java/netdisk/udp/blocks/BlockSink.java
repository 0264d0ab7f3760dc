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
