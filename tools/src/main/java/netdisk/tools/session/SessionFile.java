package netdisk.tools.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import netdisk.services.JsonTrees;

/**
 * The client's session on disk: {@code session.json} in the netdisk config folder, readable by
 * its owner only (0600, the folder 0700), as docker login and the gh CLI keep their tokens.
 *
 * <p>Where: {@code $NETDISK_HOME}, else {@code $XDG_CONFIG_HOME/netdisk}, else
 * {@code ~/.config/netdisk} (the XDG default).
 */
public final class SessionFile {

    public static final String FILE_NAME = "session.json";
    /**
     * The server of the last login, kept when the session goes (logout, passwd, unregister, an
     * expired token): the next {@code netdisk login} without {@code --server} goes there again.
     * An address, no secret.
     */
    public static final String LAST_SERVER_FILE_NAME = "last-server";

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path folder;

    public SessionFile(Path folder) {
        this.folder = folder;
    }

    /** The folder the environment points at (see the class comment). */
    public static SessionFile fromEnvironment(Map<String, String> env) {
        return new SessionFile(folderFor(env, System.getProperty("user.home")));
    }

    static Path folderFor(Map<String, String> env, String userHome) {
        String home = env.get("NETDISK_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "netdisk");
        }
        return Path.of(userHome, ".config", "netdisk");
    }

    public Path path() {
        return folder.resolve(FILE_NAME);
    }

    /** The saved session, or empty when there is none. A damaged file is an error naming it. */
    public Optional<SavedSession> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            // Decoded strictly: a damaged byte says "damaged", not a token that fails later.
            JsonNode node = JsonTrees.readLenient(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
            return Optional.of(new SavedSession(text(node, "server"), text(node, "user"), text(node, "token"),
                    Instant.parse(text(node, "expiresAt"))));
        } catch (IOException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
            throw new IOException("the saved session " + path() + " is damaged; run `netdisk login` again", e);
        }
    }

    /** Saves {@code session}, replacing any other, atomically and readable by the owner only. */
    public void save(SavedSession session) throws IOException {
        createPrivateFolder();
        ObjectNode node = JsonTrees.object()
                .put("server", session.server())
                .put("user", session.user())
                .put("token", session.token())
                .put("expiresAt", session.expiresAt().toString());
        byte[] bytes = JsonTrees.writePretty(node);
        Path temp = folder.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        // Created 0600 before the first byte is written: the token is never readable by others.
        try (FileChannel out = createPrivate(temp)) {
            out.write(java.nio.ByteBuffer.wrap(bytes));
            out.force(true);
        }
        try {
            Files.move(temp, path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path(), StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.writeString(folder.resolve(LAST_SERVER_FILE_NAME), session.server() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only a default for the next login; the session itself is saved.
        }
    }

    /** The server of the last login saved here, even after its session was removed; empty when none. */
    public Optional<String> lastServer() {
        try {
            String server = Files.readString(folder.resolve(LAST_SERVER_FILE_NAME), StandardCharsets.UTF_8).strip();
            return server.isEmpty() || server.contains("\n") ? Optional.empty() : Optional.of(server);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Removes the saved session; true when there was one. */
    public boolean delete() throws IOException {
        return Files.deleteIfExists(path());
    }

    private void createPrivateFolder() throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException raced) {
            // Another command created it meanwhile.
        }
    }

    private static FileChannel createPrivate(Path file) throws IOException {
        try {
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } catch (UnsupportedOperationException notPosix) {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.asText();
    }
}
