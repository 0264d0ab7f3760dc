package netdisk.services.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * An upload without tsize into a folder with a quota: the block that would take the upload past
 * the room left is refused. The engine answers a failed write with ERROR 3 (disk full, the code
 * RFC 1350 has for "allocation exceeded") and aborts the sink, which deletes the part file: the
 * old file of that name stays as it was.
 */
final class QuotaLimitedSink implements BlockSink {

    private final BlockSink sink;
    private final long room;

    QuotaLimitedSink(BlockSink sink, long room) {
        this.sink = sink;
        this.room = room;
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        sink.begin(parameters, acknowledged);
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        if (sink.bytesReceived() + payload.remaining() > room) {
            throw new IOException("quota exceeded: only " + room + " bytes left for this file");
        }
        sink.write(payload);
    }

    @Override
    public void complete() throws IOException {
        sink.complete();
    }

    @Override
    public void abort() {
        sink.abort();
    }

    @Override
    public long bytesReceived() {
        return sink.bytesReceived();
    }

    @Override
    public void close() {
        sink.close();
    }
}
