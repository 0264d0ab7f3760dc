package netdisk.services.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.blocks.FileBlockSource;

/**
 * A file to send whose first block is only placed once the block size is negotiated (a resumed
 * read): {@link #size()} is the WHOLE file's size — what tsize announces, so the client checks
 * whole-file positions — while block 1 is read from {@link #startAt the start offset}.
 */
final class ResumableFileSource implements BlockSource {

    private final FileChannel channel;
    private final long size;
    private FileBlockSource blocks;

    private ResumableFileSource(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    static ResumableFileSource open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ResumableFileSource(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Block 1 begins at {@code offset}; called before the first read, at most once. */
    void startAt(long offset) throws IOException {
        if (blocks != null) {
            throw new IllegalStateException("start already set");
        }
        blocks = new FileBlockSource(channel, offset, FileBlockSource.DEFAULT_READ_AHEAD);
    }

    @Override
    public int read(long block, ByteBuffer dst) throws IOException {
        if (blocks == null) {
            startAt(0);
        }
        return blocks.read(block, dst);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
