package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * A sink that hands every call to another: extend it and override only what a wrapper adds (a
 * quota check, a token check, a deferred abort), so the rest cannot be forgotten.
 */
public abstract class ForwardingBlockSink implements BlockSink {

    protected final BlockSink delegate;

    protected ForwardingBlockSink(BlockSink delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        delegate.begin(parameters, acknowledged);
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        delegate.write(payload);
    }

    @Override
    public void complete() throws IOException {
        delegate.complete();
    }

    @Override
    public void abort() {
        delegate.abort();
    }

    @Override
    public long bytesReceived() {
        return delegate.bytesReceived();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
