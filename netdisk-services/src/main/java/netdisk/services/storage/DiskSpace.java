package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The room left on the disk that holds a folder, and how to tell a full disk from other failures. */
public final class DiskSpace {

    private DiskSpace() {}

    /** Bytes an unprivileged writer may still use on the file system of {@code folder}. */
    public static long usable(Path folder) throws IOException {
        return Files.getFileStore(folder).getUsableSpace();
    }

    /**
     * Whether {@code failure} means the disk (or the server account's disk quota) is full: the
     * JDK reports ENOSPC and EDQUOT only as their messages, so the message decides, and an empty
     * file system decides when the message is something else.
     */
    public static boolean isOutOfSpace(Throwable failure, Path target) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        try {
            return target != null && usable(target.getParent()) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
