package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data folder's layout: {@code users/<name>/} holds each user's files (flat), {@code
 * public/} (or the folder given instead, the CLI's {@code --public}) what anonymous TFTP
 * clients may read. The registry ({@code users.xlsx}) sits beside them and is not ours.
 *
 * <p>One {@link LocalUserFolder} per user is kept, so that its digest cache serves every
 * request of that user. Thread-safe.
 */
public final class Storage {

    /** The folder of the users' folders, inside the data folder. */
    public static final String USERS = "users";
    /** The default public folder, inside the data folder. */
    public static final String PUBLIC = "public";

    private final Path dataFolder;
    private final Path usersFolder;
    private final Path publicFolder;
    private final UploadReservations reservations = new UploadReservations();
    private final ConcurrentHashMap<String, LocalUserFolder> folders = new ConcurrentHashMap<>();
    private final LocalUserFolder publicFiles;
    private final Clock clock;
    private final Duration heldFor;

    private Storage(Path dataFolder, Path publicFolder, LocalUserFolder publicFiles, Clock clock, Duration heldFor) {
        this.dataFolder = dataFolder;
        this.usersFolder = dataFolder.resolve(USERS);
        this.publicFolder = publicFolder;
        this.publicFiles = publicFiles;
        this.clock = clock;
        this.heldFor = heldFor;
    }

    /** The data folder with its own {@code public/}; creates what is missing. */
    public static Storage open(Path dataFolder) throws IOException {
        Path data = dataFolder.toAbsolutePath().normalize();
        return open(data, data.resolve(PUBLIC));
    }

    /** The data folder with another public folder; creates what is missing. */
    public static Storage open(Path dataFolder, Path publicFolder) throws IOException {
        return open(dataFolder, publicFolder, Clock.systemUTC(), HeldUploads.DEFAULT_MAX_AGE);
    }

    /**
     * As {@link #open(Path, Path)}, with the clock and the time after which failed uploads held
     * for a resume expire ({@link HeldUploads}).
     */
    public static Storage open(Path dataFolder, Path publicFolder, Clock clock, Duration heldFor) throws IOException {
        Path data = dataFolder.toAbsolutePath().normalize();
        Path pub = publicFolder.toAbsolutePath().normalize();
        Files.createDirectories(data.resolve(USERS));
        Files.createDirectories(pub);
        return new Storage(data, pub, new LocalUserFolder(pub, clock, heldFor), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(heldFor, "heldFor"));
    }

    public Path dataFolder() {
        return dataFolder;
    }

    public Path usersFolder() {
        return usersFolder;
    }

    /** What the uploads in progress hold of their users' quotas, over both data paths. */
    public UploadReservations reservations() {
        return reservations;
    }

    public Path publicFolder() {
        return publicFolder;
    }

    /** The public folder's files, read-only to anonymous TFTP clients (that rule is the caller's). */
    public UserFolder publicFiles() {
        return publicFiles;
    }

    /**
     * What {@link #removeInterruptedUploads} found: part files and records removed, their bytes,
     * and the failed uploads still held for a resume.
     */
    public record Swept(int files, long bytes, int held) { }

    /**
     * Removes the part files that uploads interrupted by a crash (kill -9, power loss) left in
     * users' folders: nothing will complete them, listings hide them, and they would hold disk
     * space no quota counts (hardening finding 9). Failed uploads held for a resume are kept when
     * their record is valid and unexpired; orphans (a part without its record, a record without
     * its part, or one that does not match) and expired ones go ({@link HeldUploads#sweep}). Only
     * for a server that holds the data folder's lock and has not started serving: any other part
     * file then is a dead upload's. Symbolic links are not followed; a file that cannot be
     * removed is left and not counted.
     */
    public Swept removeInterruptedUploads() throws IOException {
        int files = 0;
        long bytes = 0;
        int held = 0;
        try (DirectoryStream<Path> users = Files.newDirectoryStream(usersFolder)) {
            for (Path home : users) {
                if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                HeldUploads.Swept swept = new HeldUploads(home, clock, heldFor).sweep();
                files += swept.removedFiles();
                bytes += swept.removedBytes();
                held += swept.kept();
            }
        }
        return new Swept(files, bytes, held);
    }

    /** A user's home relative to the data folder, as the registry records it: {@code users/<name>}. */
    public static String homeOf(String user) throws InvalidNameException {
        return USERS + "/" + FileNames.check(user);
    }

    /**
     * Removes {@code user}'s folder and everything in it (unregistering); symlinks inside are
     * removed, never followed. Nothing to do when there is no folder.
     */
    public void removeHome(String user) throws IOException, InvalidNameException {
        Path home = usersFolder.resolve(FileNames.check(user));
        folders.remove(user);
        if (!Files.isDirectory(home, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        FolderTrees.deleteTree(home);
    }

    /**
     * Moves {@code user}'s folder out of {@code users/} into {@code kept/} (unregistering with its
     * files kept, {@link FolderTrees#setAside}); returns where it went, or null without a folder.
     */
    public Path setAsideHome(String user) throws IOException, InvalidNameException {
        Path home = usersFolder.resolve(FileNames.check(user));
        folders.remove(user);
        return FolderTrees.setAside(dataFolder, home, user, clock.instant());
    }

    /** Creates {@code user}'s folder if it does not exist yet (registration); returns its path. */
    public Path createHome(String user) throws IOException, InvalidNameException {
        return Files.createDirectories(usersFolder.resolve(FileNames.check(user)));
    }

    /**
     * {@code user}'s files. The folder is created when missing: a user with a live session always
     * has one, even if it was removed by hand since registration.
     */
    public UserFolder folderOf(String user) throws IOException, InvalidNameException {
        Objects.requireNonNull(user, "user");
        LocalUserFolder known = folders.get(user);
        if (known != null && Files.isDirectory(known.path())) {
            return known;
        }
        LocalUserFolder fresh = new LocalUserFolder(createHome(user), clock, heldFor);
        folders.put(user, fresh);
        return fresh;
    }
}
