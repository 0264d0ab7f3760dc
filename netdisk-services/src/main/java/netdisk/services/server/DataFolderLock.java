package netdisk.services.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data folder. The registry is written through by one process's lock; a second
 * server on the same folder (another port, another terminal) would interleave its writes with
 * the first one's and lose registrations. An OS file lock on {@code <data>/.netdisk.lock}: held
 * for the server's life and released by the OS even when the process is killed, so a crash never
 * leaves a stale lock behind.
 */
final class DataFolderLock implements AutoCloseable {

    static final String FILE_NAME = ".netdisk.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException naming the folder when another server holds it */
    static DataFolderLock acquire(Path dataFolder) throws IOException {
        return acquire(dataFolder, "stop it, or give this one its own --data");
    }

    /**
     * As {@link #acquire(Path)}, for a command that is not a server: {@code advice} says what to
     * do about the server that holds the folder.
     */
    static DataFolderLock acquire(Path dataFolder, String advice) throws IOException {
        Files.createDirectories(dataFolder);
        Path file = dataFolder.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw busy(dataFolder, file, advice);
            }
            // Who holds it, for a person looking at the folder; the lock itself is what counts.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new DataFolderLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw busy(dataFolder, file, advice); // a server in this very JVM (tests) holds it
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static IOException busy(Path dataFolder, Path file, String advice) throws IOException {
        String holder = "";
        try {
            holder = " (process " + Files.readString(file, StandardCharsets.US_ASCII).trim() + ")";
        } catch (IOException unreadable) {
            // The message is still right without the pid.
        }
        return new IOException("another netdisk server" + holder + " is using the data folder " + dataFolder
                + "; " + advice);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it too.
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The OS drops the lock with the process anyway.
        }
    }
}
