package netdisk.services.accounts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import netdisk.services.accounts.RegistryWriteHook.Step;

/**
 * The users, kept in memory and written through to {@code users.xlsx} ({@link UserWorkbook}) on
 * every change.
 *
 * <p>A write is serialized (one lock) and replaces the file whole, so that at every instant the
 * file is either the old workbook or the new one, never a torn mix:
 * <ol>
 *   <li>the new workbook goes to a temporary file {@code users.xlsx.<random>.tmp} in the same
 *       folder (same file system, so the rename below is atomic), which is forced to the device;
 *   <li>the current file is copied to {@code users.xlsx.bak.tmp}, forced, and renamed over
 *       {@code users.xlsx.bak} (copied, not moved, so {@code users.xlsx} never goes missing);
 *   <li>the temporary file is renamed over {@code users.xlsx} with {@code ATOMIC_MOVE} (POSIX
 *       {@code rename(2)});
 *   <li>the folder is forced so that the rename itself survives a power cut (best effort: not
 *       every system can open a folder).
 * </ol>
 * Only after the rename does the in-memory state change: a failed write changes nothing. A crash
 * at any step leaves a valid {@code users.xlsx}; the next {@link #open} deletes leftover
 * temporary files.
 *
 * <p>Opening never writes over an existing file: an unusable one throws {@link
 * RegistryUnreadableException}. A missing {@code users.xlsx} starts an empty registry, unless a
 * {@code users.xlsx.bak} exists: our writes never leave the file missing, so then someone removed
 * it, and starting empty would silently lock every user out.
 *
 * <p>Temporary files are created owner-only where the system has POSIX permissions, so the
 * registry (hashes, not passwords, but still) ends up readable by its owner only.
 *
 * <p>One process per data folder. Reads are lock-free (an immutable snapshot); thread-safe.
 */
public final class ExcelUserRegistry {

    /** The registry's file name in the data folder. */
    public static final String FILE_NAME = "users.xlsx";

    private final Path file;
    private final Path backup;
    private final Path backupTemp;
    private final RegistryWriteHook hook;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Lower-cased name -> user, in row order; replaced whole, never modified. */
    private volatile Map<String, User> users;

    private ExcelUserRegistry(Path file, RegistryWriteHook hook, Map<String, User> users) {
        this.file = file;
        this.backup = file.resolveSibling(file.getFileName() + ".bak");
        this.backupTemp = file.resolveSibling(file.getFileName() + ".bak.tmp");
        this.hook = hook;
        this.users = users;
    }

    /**
     * Loads the registry at {@code file}, creating an empty workbook there when there is none.
     *
     * @throws RegistryUnreadableException when the file exists but cannot be used (it is left as it is)
     */
    public static ExcelUserRegistry open(Path file) throws IOException {
        return open(file, RegistryWriteHook.NONE);
    }

    /**
     * The users in the workbook at {@code file}, read and nothing else: no leftovers removed, no
     * file created. Safe beside a server that writes it (each write replaces the file whole).
     *
     * @throws RegistryUnreadableException when the file cannot be used
     */
    public static List<User> read(Path file) throws IOException {
        return UserWorkbook.read(file);
    }

    static ExcelUserRegistry open(Path file, RegistryWriteHook hook) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        deleteLeftoverTemporaries(absolute);
        Path backup = absolute.resolveSibling(absolute.getFileName() + ".bak");
        if (Files.exists(absolute)) {
            return new ExcelUserRegistry(absolute, hook, index(UserWorkbook.read(absolute)));
        }
        if (Files.exists(backup)) {
            throw new RegistryUnreadableException(absolute, "it is missing but " + backup.getFileName()
                    + " exists, so it was removed by hand; starting without it would lock every user out."
                    + " Copy " + backup.getFileName() + " to " + absolute.getFileName()
                    + " to restore the previous version, or delete " + backup.getFileName() + " to start empty");
        }
        ExcelUserRegistry registry = new ExcelUserRegistry(absolute, hook, Map.of());
        registry.writeLock.lock();
        try {
            registry.replaceFile(List.of());
        } finally {
            registry.writeLock.unlock();
        }
        return registry;
    }

    public Path file() {
        return file;
    }

    /** The user called {@code name}, ignoring case. */
    public Optional<User> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(users.get(UserNames.key(name)));
    }

    /** Every user, in registration order. */
    public List<User> users() {
        return List.copyOf(users.values());
    }

    public int size() {
        return users.size();
    }

    /**
     * Adds {@code user} and writes the file.
     *
     * @return false (and nothing written) when a user of that name, ignoring case, exists
     * @throws IOException when the file could not be written; then nothing changed
     */
    public boolean add(User user) throws IOException {
        Objects.requireNonNull(user, "user");
        writeLock.lock();
        try {
            String key = UserNames.key(user.name());
            if (users.containsKey(key)) {
                return false;
            }
            Map<String, User> next = new LinkedHashMap<>(users);
            next.put(key, user);
            commit(next);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Replaces the user called {@code name} (ignoring case) with {@code change} applied to it, and
     * writes the file.
     *
     * @return the user as stored now, or empty (nothing written) when there is no such user
     * @throws IOException when the file could not be written; then nothing changed
     */
    public Optional<User> update(String name, UnaryOperator<User> change) throws IOException {
        writeLock.lock();
        try {
            String key = UserNames.key(name);
            User old = users.get(key);
            if (old == null) {
                return Optional.empty();
            }
            User changed = Objects.requireNonNull(change.apply(old), "changed user");
            if (!UserNames.key(changed.name()).equals(key)) {
                throw new IllegalArgumentException("update cannot rename a user");
            }
            Map<String, User> next = new LinkedHashMap<>(users);
            next.put(key, changed);
            commit(next);
            return Optional.of(changed);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Removes the user called {@code name} (ignoring case) and writes the file.
     *
     * @return false (nothing written) when there is no such user
     */
    public boolean remove(String name) throws IOException {
        writeLock.lock();
        try {
            String key = UserNames.key(name);
            if (!users.containsKey(key)) {
                return false;
            }
            Map<String, User> next = new LinkedHashMap<>(users);
            next.remove(key);
            commit(next);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private void commit(Map<String, User> next) throws IOException {
        replaceFile(new ArrayList<>(next.values()));
        users = Collections.unmodifiableMap(next);
    }

    /** The write protocol of the class comment. Called with the write lock held. */
    private void replaceFile(List<User> rows) throws IOException {
        Path folder = file.getParent();
        Path temp = Files.createTempFile(folder, file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                UserWorkbook.write(rows, out);
                out.flush();
                channel.force(true);
            }
            hook.reached(Step.TEMP_WRITTEN, temp);
            if (Files.exists(file)) {
                // COPY_ATTRIBUTES: the backup is as private as the registry, not umask-readable.
                Files.copy(file, backupTemp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                force(backupTemp);
                Files.move(backupTemp, backup, StandardCopyOption.ATOMIC_MOVE);
            }
            hook.reached(Step.BACKED_UP, temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // Not for an Error (the tests' simulated crash): a dead process cleans nothing up
            // either, and the next open deletes what it left.
            deleteAfterFailure(temp, e);
            deleteAfterFailure(backupTemp, e);
            throw e instanceof IOException io ? io : new IOException("could not write " + file + ": " + e, e);
        }
        forceFolder(folder);
    }

    private static void deleteAfterFailure(Path path, Exception failure) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes a rename in {@code folder} durable; systems that cannot open a folder (Windows) skip it. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the rename is atomic either way; only its durability is at stake.
        }
    }

    private static void deleteLeftoverTemporaries(Path file) throws IOException {
        String prefix = file.getFileName() + ".";
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(file.getParent(),
                entry -> entry.getFileName().toString().startsWith(prefix)
                        && entry.getFileName().toString().endsWith(".tmp"))) {
            for (Path leftover : stream) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static Map<String, User> index(List<User> rows) {
        Map<String, User> map = new LinkedHashMap<>();
        for (User user : rows) {
            map.put(UserNames.key(user.name()), user);
        }
        return Collections.unmodifiableMap(map);
    }
}
