package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removing a user's folder with everything in it: the one recursive delete of the server. */
public final class FolderTrees {

    private FolderTrees() {
    }

    /**
     * Deletes {@code root} and everything below it, depth first. Symlinks are removed, never
     * followed: a link inside a user's folder must not take its target with it.
     *
     * @throws IOException at the first entry that cannot be deleted (the rest stays)
     */
    public static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
