package netdisk.services.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import netdisk.services.Sha256;

/**
 * The failed uploads a user's folder keeps so that they can be continued (upload resume,
 * spec/control.md 4.9 and 4.13, spec/protocol.md 5.1): at most one per name.
 *
 * <p>A held upload is two hidden files beside the user's files: its data, {@code
 * .<name>.<16 hex>.part} (the shape of every part file, {@link netdisk.udp.blocks.FileBlockSink},
 * the hex being the start of the SHA-256 of the name, so the name alone finds it), and its
 * record, the same name with {@code .json} after it: the name, the size the upload announced, the
 * bytes held, the SHA-256 of those bytes and when it was kept. The record is written (and forced)
 * only after the data was forced, and the old record of the name is removed before a new part
 * takes its place, so a record never describes bytes that are not on disk; a part without a
 * valid record is an orphan and goes. Listings never show either file ({@link
 * FileNames#isInternal}), and no request can name them.
 *
 * <p>A held upload is replaced by a newer failed upload of the name, removed by a completed one
 * and by {@code rm}, and expires {@link #DEFAULT_MAX_AGE} after it was kept (checked whenever it
 * is looked up, and at server start by {@link #sweep}). Its bytes count against the user's quota
 * ({@link LocalUserFolder#bytesUsed}): they are on the user's disk. Continuing one first
 * {@link #claim claims} it (renames its part away, then removes its record), so two uploads can
 * never continue the same part.
 *
 * <p>Thread-safe: changes to the pair of files of a name are made under one lock.
 */
public final class HeldUploads {

    /** How long a failed upload is kept for a resume. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    /** A record's file name: a part file's name and {@code .json}. */
    private static final Pattern RECORD_NAME = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.part\\.json");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** As {@link netdisk.udp.blocks.FileBlockSink}: keeps a part file's name within 255 bytes. */
    private static final int MAX_NAME_CHARS_IN_PART = 64;
    private static final int RECORD_VERSION = 1;
    /** A record is a few hundred bytes; anything much larger is not one of ours. */
    private static final long MAX_RECORD_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final Clock clock;
    private final Duration maxAge;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param folder the user's folder (its real path)
     * @param maxAge how long after being kept a held upload expires
     */
    public HeldUploads(Path folder, Clock clock, Duration maxAge) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /**
     * What is held of a failed upload.
     *
     * @param name the file name the upload was for
     * @param size the size it announced (UDP tsize, TCP size)
     * @param held bytes held, the first of the file: 1..size
     * @param sha256 the SHA-256 of those bytes, lower-case hex
     * @param kept when the upload failed and was kept
     */
    public record HeldPart(String name, long size, long held, String sha256, Instant kept) {
        public HeldPart {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(kept, "kept");
            if (held < 1 || held > size) {
                throw new IllegalArgumentException("held bytes must be 1.." + size + ": " + held);
            }
        }
    }

    /** Whether {@code fileName} is the shape of a held upload's record (hidden from listings). */
    public static boolean isRecordName(String fileName) {
        return RECORD_NAME.matcher(fileName).matches();
    }

    /**
     * The held upload of {@code name}, if there is a valid one that has not expired. An expired
     * or damaged one is removed on the way.
     */
    public Optional<HeldPart> find(String name) throws IOException {
        lock.lock();
        try {
            Optional<HeldPart> found = readValid(name);
            if (found.isEmpty()) {
                removeQuietly(partOf(name));
                removeQuietly(recordOf(name));
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes the held upload of {@code name} occupies on disk (its part file, valid or not); 0 without one. */
    public long bytesOnDisk(String name) throws IOException {
        try {
            return Files.readAttributes(partOf(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Bytes all held uploads occupy on disk: every part file that has a record beside it. */
    public long bytesOnDisk() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                if (!isRecordName(fileName)) {
                    continue;
                }
                Path part = entry.resolveSibling(fileName.substring(0, fileName.length() - ".json".length()));
                try {
                    BasicFileAttributes a = Files.readAttributes(part, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        total += a.size();
                    }
                } catch (NoSuchFileException e) {
                    // A record without data: nothing on disk to count.
                }
            }
        }
        return total;
    }

    /** Removes the held upload of {@code name}; whether there was one. */
    public boolean discard(String name) throws IOException {
        lock.lock();
        try {
            boolean record = Files.deleteIfExists(recordOf(name)); // first: a part without a record is an orphan
            boolean part = Files.deleteIfExists(partOf(name));
            return record || part;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code held} for an upload that continues it: its part file moves to {@code to} (a
     * new part file name, {@link #newPartFile}) and its record goes, so nobody else can take it.
     *
     * @throws NoSuchFileException when it is no longer held as {@code held} says (another upload
     *     took it, or replaced it, meanwhile)
     */
    public void claim(HeldPart held, Path to) throws IOException {
        lock.lock();
        try {
            Optional<HeldPart> now = readValid(held.name());
            if (now.isEmpty() || !now.get().equals(held)) {
                throw new NoSuchFileException(held.name(), null, "no longer held");
            }
            Files.move(partOf(held.name()), to, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(recordOf(held.name()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps the part file {@code part} of a failed upload of {@code name} as its held upload,
     * replacing any older one. {@code part}'s data must be forced to disk already and be exactly
     * {@code held} bytes long, whose SHA-256 is {@code sha256}.
     */
    public HeldPart keep(String name, long size, Path part, long held, String sha256) throws IOException {
        HeldPart record = new HeldPart(name, size, held, sha256, clock.instant());
        long onDisk = Files.size(part);
        if (onDisk != held) {
            throw new IOException("part file of " + name + " has " + onDisk + " bytes, " + held + " were written");
        }
        Path staged = part.resolveSibling(part.getFileName() + ".json");
        writeRecord(staged, record);
        lock.lock();
        try {
            // The old record first: until the new one is in place the name has a part without a
            // record (an orphan, removed), never a record over another upload's bytes.
            Files.deleteIfExists(recordOf(name));
            Files.move(part, partOf(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, recordOf(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            removeQuietly(staged);
            throw e;
        } finally {
            lock.unlock();
        }
        forceFolder();
        return record;
    }

    /** Where a new upload of {@code name} writes before it completes: a fresh part file name, not yet created. */
    public Path newPartFile(String name) {
        HexFormat hex = HexFormat.of();
        return folder.resolve("." + shorten(name) + "." + hex.toHexDigits(ThreadLocalRandom.current().nextLong())
                + ".part");
    }

    /** What {@link #sweep} kept and removed. */
    public record Swept(int kept, int removedFiles, long removedBytes) {}

    /**
     * For a server that holds the data folder's lock and has not started serving: removes every
     * part file and record in {@code folder} but the held uploads that are valid and unexpired
     * (the part files interrupted uploads left, orphans, expired ones). Symbolic links are not
     * followed; a file that cannot be removed is left and not counted.
     */
    public Swept sweep() throws IOException {
        Set<Path> keep = new HashSet<>();
        lock.lock();
        try {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    String fileName = entry.getFileName().toString();
                    if (!isRecordName(fileName)) {
                        continue;
                    }
                    Optional<HeldPart> record = readRecord(entry);
                    if (record.isPresent() && recordOf(record.get().name()).equals(entry)
                            && readValid(record.get().name()).isPresent()) {
                        keep.add(entry);
                        keep.add(partOf(record.get().name()));
                    }
                }
            }
            int removed = 0;
            long bytes = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    if (!FileNames.isInternal(entry.getFileName().toString()) || keep.contains(entry)
                            || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    long size = Files.size(entry);
                    try {
                        Files.delete(entry);
                        removed++;
                        bytes += size;
                    } catch (IOException e) {
                        // Left for the next start; it is still hidden from listings.
                    }
                }
            }
            return new Swept(keep.size() / 2, removed, bytes);
        } finally {
            lock.unlock();
        }
    }

    /** The held upload of {@code name} when its record is valid, unexpired and its part is exactly as long. Lock held. */
    private Optional<HeldPart> readValid(String name) throws IOException {
        Optional<HeldPart> record = readRecord(recordOf(name));
        if (record.isEmpty() || !record.get().name().equals(name)) {
            return Optional.empty();
        }
        if (record.get().kept().plus(maxAge).isBefore(clock.instant())) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes part = Files.readAttributes(partOf(name), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!part.isRegularFile() || part.size() != record.get().held()) {
                return Optional.empty();
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return record;
    }

    /** The record in {@code file}, empty when there is none or it is not a valid one. */
    private static Optional<HeldPart> readRecord(Path file) throws IOException {
        byte[] bytes;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_RECORD_BYTES) {
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject() || node.path("version").asInt(-1) != RECORD_VERSION) {
                return Optional.empty();
            }
            JsonNode name = node.get("name");
            JsonNode size = node.get("size");
            JsonNode held = node.get("held");
            JsonNode sha256 = node.get("sha256");
            JsonNode kept = node.get("kept");
            if (name == null || !name.isTextual() || size == null || !size.canConvertToLong() || !size.isIntegralNumber()
                    || held == null || !held.isIntegralNumber() || !held.canConvertToLong()
                    || sha256 == null || !sha256.isTextual() || !SHA256.matcher(sha256.textValue()).matches()
                    || kept == null || !kept.isTextual() || !FileNames.isValid(name.textValue())) {
                return Optional.empty();
            }
            return Optional.of(new HeldPart(name.textValue(), size.longValue(), held.longValue(), sha256.textValue(),
                    Instant.parse(kept.textValue())));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void writeRecord(Path file, HeldPart record) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", RECORD_VERSION).put("name", record.name()).put("size", record.size())
                .put("held", record.held()).put("sha256", record.sha256()).put("kept", record.kept().toString());
        byte[] bytes = JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** The held upload's data file for {@code name}. */
    Path partOf(String name) {
        byte[] hash = Sha256.newDigest().digest(name.getBytes(StandardCharsets.UTF_8));
        return folder.resolve("." + shorten(name) + "." + HexFormat.of().formatHex(hash, 0, 8) + ".part");
    }

    /** The held upload's record for {@code name}. */
    Path recordOf(String name) {
        Path part = partOf(name);
        return part.resolveSibling(part.getFileName() + ".json");
    }

    private static void removeQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Hidden, and removed at the next start.
        }
    }

    /** Makes the renames durable, best effort (as FileBlockSink does after completing). */
    private void forceFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            // Some platforms cannot open a folder as a channel; the files themselves were forced.
        }
    }

    /** The first {@value #MAX_NAME_CHARS_IN_PART} characters, not splitting a surrogate pair. */
    private static String shorten(String name) {
        if (name.length() <= MAX_NAME_CHARS_IN_PART) {
            return name;
        }
        int end = MAX_NAME_CHARS_IN_PART;
        if (Character.isHighSurrogate(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end);
    }
}
