package netdisk.udp.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import netdisk.udp.blocks.BlockSink;

/**
 * The sink of a first read attempt that may be repeated without options (RFC 2347 §4: the server
 * answered ERROR 8). The receiver aborts its sink when a transfer fails; here that abort is only
 * noted, so that the retry can still write into the caller's sink. Whoever decides not to retry
 * calls {@link #abortIfAsked()}. Nothing was written when a retry happens: a refusal of options
 * comes before any DATA.
 */
final class RetryableSink implements BlockSink {

    private final BlockSink sink;
    private boolean abortAsked;

    RetryableSink(BlockSink sink) {
        this.sink = sink;
    }

    @Override
    public void begin(netdisk.udp.options.TransferParameters parameters, netdisk.udp.packet.TftpOptions acknowledged)
            throws IOException {
        sink.begin(parameters, acknowledged);
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        sink.write(payload);
    }

    @Override
    public void complete() throws IOException {
        sink.complete();
    }

    @Override
    public void abort() {
        abortAsked = true;
    }

    @Override
    public long bytesReceived() {
        return sink.bytesReceived();
    }

    @Override
    public void close() {
        abortAsked = true;
    }

    /** Passes on an abort the first attempt asked for: there will be no retry. */
    void abortIfAsked() {
        if (abortAsked) {
            sink.abort();
        }
    }
}
