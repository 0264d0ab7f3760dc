package netdisk.services.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import netdisk.services.storage.ReadableFile;
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

    /** Over {@code file}, which it owns (and closes) from now on. */
    ResumableFileSource(ReadableFile file) {
        this.channel = file.channel();
        this.size = file.size();
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
