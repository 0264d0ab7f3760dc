package netdisk.services.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import netdisk.services.access.PendingUpload;
import netdisk.services.storage.HeldUploads;
import netdisk.services.storage.Upload;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * A WRQ's upload whose start is only known once the block size is negotiated (a resumed write):
 * the room is held from the request on, the part file is taken (or created) by {@link #start},
 * called from the grant's settle step before the OACK — the counterpart of {@link
 * ResumableFileSource} for reads.
 */
final class DeferredUpload implements BlockSink {

    private final PendingUpload pending;
    private final HeldUploads.HeldPart held;
    private Upload upload;
    private boolean ended;

    DeferredUpload(PendingUpload pending, HeldUploads.HeldPart held) {
        this.pending = pending;
        this.held = held;
    }

    /**
     * Continues the held upload at {@code offset} (0: a fresh upload of its size). Called once,
     * before any block.
     *
     * @return whether the upload continues at {@code offset}: false when the held upload went
     *     meanwhile and this one starts from zero
     */
    boolean start(long offset) throws IOException {
        if (upload != null || ended) {
            throw new IllegalStateException("already started or ended");
        }
        upload = offset > 0 ? pending.resumeOrOpen(held, offset) : pending.openResumable(held.size());
        return upload.offset() == offset;
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        started().begin(parameters, acknowledged);
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        started().write(payload);
    }

    @Override
    public void complete() throws IOException {
        started().complete();
    }

    @Override
    public void abort() {
        ended = true;
        if (upload == null) {
            pending.release();
        } else {
            upload.abort();
        }
    }

    @Override
    public long bytesReceived() {
        return upload == null ? 0 : upload.bytesReceived();
    }

    @Override
    public void close() {
        ended = true;
        if (upload == null) {
            pending.release();
        } else {
            upload.close();
        }
    }

    private Upload started() {
        if (upload == null) {
            throw new IllegalStateException("the upload was not started");
        }
        return upload;
    }
}
