package netdisk.udp.client;

import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.ForwardingBlockSink;

/**
 * The sink of a first read attempt that may be repeated without options (RFC 2347 §4: the server
 * answered ERROR 8). The receiver aborts its sink when a transfer fails; here that abort is only
 * noted, so that the retry can still write into the caller's sink. Whoever decides not to retry
 * calls {@link #abortIfAsked()}. Nothing was written when a retry happens: a refusal of options
 * comes before any DATA.
 */
final class RetryableSink extends ForwardingBlockSink {

    private boolean abortAsked;

    RetryableSink(BlockSink sink) {
        super(sink);
    }

    @Override
    public void abort() {
        abortAsked = true;
    }

    @Override
    public void close() {
        abortAsked = true;
    }

    /** Passes on an abort the first attempt asked for: there will be no retry. */
    void abortIfAsked() {
        if (abortAsked) {
            delegate.abort();
        }
    }
}
