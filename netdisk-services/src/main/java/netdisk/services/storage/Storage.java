package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private Storage(Path dataFolder, Path publicFolder) {
        this.dataFolder = dataFolder;
        this.usersFolder = dataFolder.resolve(USERS);
        this.publicFolder = publicFolder;
    }

    /** The data folder with its own {@code public/}; creates what is missing. */
    public static Storage open(Path dataFolder) throws IOException {
        Path data = dataFolder.toAbsolutePath().normalize();
        return open(data, data.resolve(PUBLIC));
    }

    /** The data folder with another public folder; creates what is missing. */
    public static Storage open(Path dataFolder, Path publicFolder) throws IOException {
        Storage storage = new Storage(dataFolder.toAbsolutePath().normalize(),
                publicFolder.toAbsolutePath().normalize());
        Files.createDirectories(storage.usersFolder);
        Files.createDirectories(storage.publicFolder);
        return storage;
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

    /** A user's home relative to the data folder, as the registry records it: {@code users/<name>}. */
    public static String homeOf(String user) throws InvalidNameException {
        return USERS + "/" + FileNames.check(user);
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
        LocalUserFolder fresh = new LocalUserFolder(createHome(user));
        folders.put(user, fresh);
        return fresh;
    }
}
