package netdisk.services.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import netdisk.services.accounts.ExcelUserRegistry;
import netdisk.services.accounts.User;
import netdisk.services.storage.FileEntry;
import netdisk.services.storage.FolderTrees;
import netdisk.services.storage.LocalUserFolder;
import netdisk.services.storage.Storage;

/**
 * The server owner's view of a data folder, on the server's machine (`netdisk server users`):
 * who is registered and what each stores, read from the workbook and the folders and never
 * showing a password hash; and removing a user.
 *
 * <p>Listing only reads, so it is safe while a server runs. Removing writes the workbook, which a
 * running server holds in memory and would write back with the user in it at the next
 * registration: it takes the data folder's lock ({@link DataFolderLock}) first, and is refused
 * while a server holds it.
 */
public final class RegisteredUsers {

    /**
     * One registered user.
     *
     * @param lastLogin empty before the first login
     * @param files regular files in the user's folder (uploads in progress not counted)
     * @param bytes their total size
     */
    public record Entry(String name, Instant created, Optional<Instant> lastLogin, long files, long bytes) {}

    private RegisteredUsers() {
    }

    /** Everyone in {@code dataFolder}'s registry, in its order; empty when there is no registry yet. */
    public static List<Entry> list(Path dataFolder) throws IOException {
        Path registry = dataFolder.resolve(ExcelUserRegistry.FILE_NAME);
        if (!Files.exists(registry)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (User user : ExcelUserRegistry.read(registry)) {
            List<FileEntry> files = filesOf(dataFolder, user);
            entries.add(new Entry(user.name(), user.created(), Optional.ofNullable(user.lastLogin()), files.size(),
                    files.stream().mapToLong(FileEntry::size).sum()));
        }
        return entries;
    }

    /**
     * Removes {@code name} (any case) from the registry and their folder with everything in it,
     * or with {@code keepFiles} moves the folder to {@code <data>/kept/<name>-<UTC time>}, out of
     * the reach of whoever registers the name next.
     *
     * @return false when there is no such user (nothing changed)
     * @throws IOException naming the folder when a server is running on it
     */
    public static boolean remove(Path dataFolder, String name, boolean keepFiles) throws IOException {
        try (DataFolderLock lock = DataFolderLock.acquire(dataFolder,
                "stop it first: a running server keeps its users in memory and would write this one back")) {
            ExcelUserRegistry registry = ExcelUserRegistry.open(dataFolder.resolve(ExcelUserRegistry.FILE_NAME));
            Optional<User> user = registry.find(name);
            if (user.isEmpty()) {
                return false;
            }
            Path home = homeOf(dataFolder, user.get());
            registry.remove(name); // first: a user without a row can no longer log in, whatever follows
            if (keepFiles) {
                // Out of users/: left there, the files went to whoever registered the name next.
                FolderTrees.setAside(dataFolder, home, user.get().name(), Instant.now());
            } else if (Files.isDirectory(home)) {
                FolderTrees.deleteTree(home);
            }
            return true;
        }
    }

    private static List<FileEntry> filesOf(Path dataFolder, User user) throws IOException {
        Path home = homeOf(dataFolder, user);
        return Files.isDirectory(home) ? new LocalUserFolder(home).list() : List.of();
    }

    /** The user's folder, which must lie inside {@code <data>/users}: the row is text anyone may edit. */
    private static Path homeOf(Path dataFolder, User user) throws IOException {
        Path users = dataFolder.resolve(Storage.USERS).toAbsolutePath().normalize();
        Path home = dataFolder.resolve(user.home()).toAbsolutePath().normalize();
        if (!home.startsWith(users) || home.equals(users)) {
            throw new IOException("the registry gives " + user.name() + " the home " + user.home()
                    + ", which is not a folder inside " + users + ": nothing was changed");
        }
        return home;
    }
}
