package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What happens to a user's folder when the user goes: removed with everything in it (the one
 * recursive delete of the server), or set aside where no account reaches it.
 */
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

    /** Where the folders of removed users whose files were kept go, inside the data folder. */
    public static final String KEPT = "kept";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Moves {@code home} to {@code <data>/kept/<name>-<UTC time>} (a suffix when that is taken):
     * the files stay for the server's owner, out of every account's reach. Left in {@code users/},
     * they went to whoever registered the name next. Nothing to do when there is no folder.
     *
     * @return where the folder is now, or null when there was none
     */
    public static Path setAside(Path dataFolder, Path home, String name, Instant now) throws IOException {
        if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path kept = Files.createDirectories(dataFolder.resolve(KEPT));
        String base = name + "-" + STAMP.format(now);
        for (int n = 0; ; n++) {
            Path target = kept.resolve(n == 0 ? base : base + "-" + n);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (n >= 100) {
                    throw new IOException("cannot set " + home + " aside: " + target + " and 99 others exist");
                }
                continue;
            }
            return Files.move(home, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
