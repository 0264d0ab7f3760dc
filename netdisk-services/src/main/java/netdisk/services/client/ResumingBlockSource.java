package netdisk.services.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.blocks.FileBlockSource;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * The local file of a resumed UDP upload as the sender's source. Where block 1 starts is learnt
 * in {@link #begin}: the server's {@code netdisk-resume} answer counts the blocks it keeps in the
 * granted block size; without one the upload starts from zero (spec/protocol.md 5.1). {@link
 * #size()} is the whole file's size, which the WRQ announces as tsize.
 */
final class ResumingBlockSource implements BlockSource {

    private final FileChannel channel;
    private final long size;
    private final boolean askedToResume;
    private final long verified;
    private FileBlockSource blocks;
    private long offset;
    private boolean confirmed;

    /**
     * @param askedToResume whether the WRQ carries {@code netdisk-resume}
     * @param verified the bytes of the server's held upload checked against this file: the
     *     server may never continue past them
     */
    ResumingBlockSource(Path file, boolean askedToResume, long verified) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
        this.askedToResume = askedToResume;
        this.verified = verified;
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        Optional<String> answer = acknowledged.get(ExtensionOptions.RESUME);
        if (askedToResume && answer.isPresent()) {
            long kept;
            try {
                kept = Math.multiplyExact(Long.parseLong(answer.get()), (long) parameters.blockSize());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IOException("the server answered " + ExtensionOptions.RESUME + "=" + answer.get());
            }
            if (kept < 0 || kept > verified) {
                throw new IOException("the server continues at byte " + kept + ", but only " + verified
                        + " of what it holds match this file");
            }
            offset = kept;
            confirmed = true;
        }
        blocks = new FileBlockSource(channel, offset, FileBlockSource.DEFAULT_READ_AHEAD);
    }

    @Override
    public int read(long block, ByteBuffer dst) throws IOException {
        if (blocks == null) {
            blocks = new FileBlockSource(channel, 0, FileBlockSource.DEFAULT_READ_AHEAD);
        }
        return blocks.read(block, dst);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void acknowledged(long block) {
        if (blocks != null) {
            blocks.acknowledged(block);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The byte block 1 began at: what the server confirmed it keeps (0 without a confirmation). */
    long offset() {
        return offset;
    }

    /** Whether the server confirmed a resume (perhaps at 0). */
    boolean confirmed() {
        return confirmed;
    }
}
