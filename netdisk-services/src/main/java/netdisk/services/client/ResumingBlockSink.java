package netdisk.services.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * A {@link ResumableDownload} as the UDP receiver's sink. Where to write is learnt in {@link
 * #begin}: the server's {@code netdisk-resume} answer counts the blocks it skipped in the granted
 * block size; without one the download starts from zero (spec/protocol.md 5.1).
 *
 * <p>{@link #bytesReceived()} counts whole-file positions (offset + received), as the receiver's
 * check of a short final block against tsize (the whole size) needs. {@link #complete()} only
 * forces and records: the SHA-256 check and the move into place come after the transfer, in
 * {@link ResumableDownload#finish()}. An abort keeps the part file and records it.
 */
final class ResumingBlockSink implements BlockSink {

    private final ResumableDownload download;
    private final boolean askedToResume;
    private ResumableDownload.Partial partial;
    private StartedFrom startedFrom;
    private boolean completed;

    ResumingBlockSink(ResumableDownload download, boolean askedToResume) {
        this.download = download;
        this.askedToResume = askedToResume;
        this.startedFrom = download.planned() == StartedFrom.RESUMED && !askedToResume
                ? StartedFrom.FRESH
                : download.planned();
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        long offset = 0;
        Optional<String> answer = acknowledged.get(ExtensionOptions.RESUME);
        if (askedToResume) {
            if (answer.isPresent()) {
                long blocks;
                try {
                    blocks = Long.parseLong(answer.get());
                    offset = Math.multiplyExact(blocks, (long) parameters.blockSize());
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IOException("the server answered " + ExtensionOptions.RESUME + "=" + answer.get());
                }
                if (blocks < 0 || offset > download.heldBytes()) {
                    throw new IOException("the server resumes at byte " + offset + ", but only "
                            + download.heldBytes() + " are held");
                }
                startedFrom = StartedFrom.RESUMED;
            } else {
                startedFrom = StartedFrom.RESTARTED_NOT_CONFIRMED;
            }
        }
        partial = download.open(offset, parameters.blockSize());
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        partial.write(payload);
    }

    @Override
    public void complete() throws IOException {
        partial.finished();
        completed = true;
    }

    @Override
    public void abort() {
        if (partial != null && !completed) {
            partial.keep();
        }
    }

    @Override
    public long bytesReceived() {
        return partial == null ? 0 : partial.position();
    }

    @Override
    public void close() {
        abort();
    }

    StartedFrom startedFrom() {
        return startedFrom;
    }

    /** The byte this attempt began at. */
    long offset() {
        return partial == null ? 0 : partial.offset();
    }
}
