package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Receives a netascii transfer (RFC 1350 §1): decodes the wire bytes with a {@link
 * NetasciiDecoder} and writes local text (LF line ends) to another sink, usually a {@link
 * FileBlockSink}, which gives the same all-or-nothing guarantees.
 *
 * <p>A CR at the end of one block waits for the next block to say whether it was a line end;
 * a CR at the very end of the transfer is written as is on {@link #complete()}. {@link
 * #bytesReceived()} counts wire bytes, as the transfer engine sees them. Not thread-safe.
 */
public final class NetasciiBlockSink implements BlockSink {

    private static final int DECODE_BUFFER = 8 * 1024;

    private final BlockSink local;
    private final NetasciiDecoder decoder = new NetasciiDecoder();
    private final ByteBuffer decoded = ByteBuffer.allocate(DECODE_BUFFER);
    private long bytesReceived;

    /** Decodes into {@code local}, which it owns (completes, aborts, closes) from now on. */
    public NetasciiBlockSink(BlockSink local) {
        this.local = Objects.requireNonNull(local, "local");
    }

    /** Consumes all of {@code payload}. */
    @Override
    public void begin(netdisk.udp.options.TransferParameters parameters, netdisk.udp.packet.TftpOptions acknowledged)
            throws IOException {
        local.begin(parameters, acknowledged);
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        int n = payload.remaining();
        while (payload.hasRemaining()) {
            decoder.decode(payload, decoded);
            drain();
        }
        bytesReceived += n;
    }

    @Override
    public void complete() throws IOException {
        while (!decoder.finish(decoded)) {
            drain();
        }
        drain();
        local.complete();
    }

    private void drain() throws IOException {
        decoded.flip();
        if (decoded.hasRemaining()) {
            local.write(decoded);
        }
        decoded.clear();
    }

    @Override
    public void abort() {
        local.abort();
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void close() {
        local.close();
    }
}
