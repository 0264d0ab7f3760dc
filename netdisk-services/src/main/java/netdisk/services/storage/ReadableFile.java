package netdisk.services.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A user's file, open for reading: what a download sends from. The size is that of the file held
 * open, so an upload that renames a new file onto the name meanwhile leaves this one whole. The
 * path stays inside: callers get the channel, never a name to open again. Closing it closes the
 * channel; whoever received it from {@link UserFolder#openToRead} closes it (or hands the
 * channel to something that does).
 */
public final class ReadableFile implements Closeable {

    private final Path file;
    private final FileChannel channel;
    private final long size;

    private ReadableFile(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code file}, a real path the folder has checked. */
    static ReadableFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ReadableFile(file, channel, channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public FileChannel channel() {
        return channel;
    }

    /** Bytes in the file when it was opened. */
    public long size() {
        return size;
    }

    /**
     * When the file was last modified, read now (only the TCP path announces it, so the UDP path
     * never pays for it or fails on it).
     */
    public Instant modified() throws IOException {
        return Files.getLastModifiedTime(file).toInstant();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
