package netdisk.services.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import netdisk.services.JsonTrees;

/**
 * The record kept next to a partial download, so that a later attempt can continue it safely:
 * where it came from, which version of the remote file, and how much of it the disk really holds.
 *
 * <p>Stored as JSON in {@code <local>.netdisk-part.json}, next to the data in {@code
 * <local>.netdisk-part}. Example:
 *
 * <pre>{"version":1,"server":"192.168.1.5:6969","remote":"holiday.mp4","size":734003200,
 * "modified":"2024-05-01T10:15:30Z","sha256":"9f86…","blockSize":1428,"blocks":51234}</pre>
 *
 * <p>{@code blocks × blockSize} bytes at the start of the part file are known to be on disk (the
 * sink forces them before the record is written). The unit is the one the data came in: UDP
 * blocks, or 1 for a byte-offset transport such as TCP. Written atomically (temp file, force,
 * rename), so a crash leaves the old record or the new one.
 *
 * @param version the record's format, {@value #VERSION}
 * @param server the server's {@code host:port}
 * @param remote the remote file name
 * @param size the remote file's size when the download began
 * @param modified the remote file's modification time (ISO-8601)
 * @param sha256 the remote file's SHA-256 (hex)
 * @param blockSize the unit of {@code blocks}, in bytes
 * @param blocks how many whole units the part file holds for certain
 */
public record DownloadSidecar(
        int version, String server, String remote, long size, String modified, String sha256, int blockSize,
        long blocks) {

    public static final int VERSION = 1;
    /** Appended to the local file's name for the partial data. */
    public static final String PART_SUFFIX = ".netdisk-part";
    /** Appended to the local file's name for this record. */
    public static final String SIDECAR_SUFFIX = PART_SUFFIX + ".json";


    public DownloadSidecar {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(sha256, "sha256");
        if (blockSize < 1 || blocks < 0 || size < 0) {
            throw new IllegalArgumentException("bad sidecar numbers: size " + size + ", blockSize " + blockSize
                    + ", blocks " + blocks);
        }
    }

    /** A record of {@code held} bytes of {@code identity}'s file in units of {@code blockSize}. */
    public static DownloadSidecar of(String server, String remote, RemoteIdentity identity, int blockSize, long held) {
        return new DownloadSidecar(VERSION, server, remote, identity.size(), identity.modified().toString(),
                identity.sha256(), blockSize, held / blockSize);
    }

    public static Path partFileOf(Path local) {
        return local.resolveSibling(local.getFileName() + PART_SUFFIX);
    }

    public static Path sidecarFileOf(Path local) {
        return local.resolveSibling(local.getFileName() + SIDECAR_SUFFIX);
    }

    /** The bytes the record vouches for. */
    public long heldBytes() {
        return Math.multiplyExact(blocks, (long) blockSize);
    }

    /** Whether this record describes a partial copy of exactly this remote file. */
    public boolean describes(String server, String remote, RemoteIdentity identity) {
        return version == VERSION && this.server.equals(server) && this.remote.equals(remote)
                && size == identity.size() && modifiedInstant().equals(Optional.of(identity.modified()))
                && sha256.equals(identity.sha256());
    }

    private Optional<Instant> modifiedInstant() {
        try {
            return Optional.of(Instant.parse(modified));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The record at {@code file}; empty when there is none or it cannot be read as one. */
    public static Optional<DownloadSidecar> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return fromJson(JsonTrees.readLenient(Files.readString(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // damaged: the download starts afresh, as without one
        }
    }

    /** Writes the record to {@code file} atomically. */
    public void write(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(JsonTrees.write(toJson())));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The record as JSON, its fields in the record's order, built field by field: bound to the
     * record class, Jackson introspected it on every get, 17-27 ms of a JVM just started (42-58
     * more to read one back) against 2-4 ms for the tree (docs/benchmarks.md).
     */
    ObjectNode toJson() {
        return JsonTrees.object()
                .put("version", version)
                .put("server", server)
                .put("remote", remote)
                .put("size", size)
                .put("modified", modified)
                .put("sha256", sha256)
                .put("blockSize", blockSize)
                .put("blocks", blocks);
    }

    /**
     * The record in {@code node}: an object with every field, each of its type (whole numbers
     * that fit, strings); other fields are ignored. Anything else is no record.
     */
    static Optional<DownloadSidecar> fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode version = node.get("version");
        JsonNode server = node.get("server");
        JsonNode remote = node.get("remote");
        JsonNode size = node.get("size");
        JsonNode modified = node.get("modified");
        JsonNode sha256 = node.get("sha256");
        JsonNode blockSize = node.get("blockSize");
        JsonNode blocks = node.get("blocks");
        if (!isInt(version) || !isText(server) || !isText(remote) || !isLong(size) || !isText(modified)
                || !isText(sha256) || !isInt(blockSize) || !isLong(blocks)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DownloadSidecar(version.intValue(), server.textValue(), remote.textValue(),
                    size.longValue(), modified.textValue(), sha256.textValue(), blockSize.intValue(),
                    blocks.longValue()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isInt(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToInt();
    }

    private static boolean isLong(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong();
    }

    private static boolean isText(JsonNode n) {
        return n != null && n.isTextual();
    }
}
