package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * A source that hands every call to another: extend it and override only what a wrapper adds,
 * so the rest cannot be forgotten.
 */
public abstract class ForwardingBlockSource implements BlockSource {

    protected final BlockSource delegate;

    protected ForwardingBlockSource(BlockSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        delegate.begin(parameters, acknowledged);
    }

    @Override
    public int read(long block, ByteBuffer dst) throws IOException {
        return delegate.read(block, dst);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public void acknowledged(long block) {
        delegate.acknowledged(block);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
