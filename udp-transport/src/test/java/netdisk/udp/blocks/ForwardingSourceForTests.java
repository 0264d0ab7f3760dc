package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/** A source for tests: forwards reads, records {@link #begin}, and refuses it when told to. */
public class ForwardingSourceForTests extends ForwardingBlockSource {

    private final String refusal;
    private TftpOptions begunWith;
    private boolean begunBeforeFirstRead;
    private int reads;

    /** @param refusal the message {@code begin} throws with, or {@code null} to accept */
    public ForwardingSourceForTests(BlockSource source, String refusal) {
        super(source);
        this.refusal = refusal;
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        begunWith = acknowledged;
        begunBeforeFirstRead = reads == 0;
        if (refusal != null) {
            throw new IOException(refusal);
        }
    }

    @Override
    public int read(long block, ByteBuffer dst) throws IOException {
        reads++;
        return delegate.read(block, dst);
    }

    public TftpOptions begunWith() {
        return begunWith;
    }

    public boolean begunBeforeFirstRead() {
        return begunBeforeFirstRead;
    }

    public int reads() {
        return reads;
    }
}
