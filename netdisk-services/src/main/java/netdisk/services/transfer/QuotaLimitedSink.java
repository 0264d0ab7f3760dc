package netdisk.services.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.ForwardingBlockSink;

/**
 * An upload without tsize into a folder with a quota: the block that would take the upload past
 * the room left is refused. The engine answers a failed write with ERROR 3 (disk full, the code
 * RFC 1350 has for "allocation exceeded") and aborts the sink, which deletes the part file: the
 * old file of that name stays as it was.
 */
final class QuotaLimitedSink extends ForwardingBlockSink {

    private final long room;

    QuotaLimitedSink(BlockSink sink, long room) {
        super(sink);
        this.room = room;
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        if (delegate.bytesReceived() + payload.remaining() > room) {
            throw new IOException("quota exceeded: only " + room + " bytes left for this file");
        }
        delegate.write(payload);
    }
}
