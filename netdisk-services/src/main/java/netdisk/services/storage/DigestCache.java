package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import netdisk.services.Sha256;

/**
 * SHA-256 of files, computed on demand and remembered while the file stays the same.
 *
 * <p>"The same" means the same size, modification time and file key (device and inode where the
 * system has them). The file key matters: an upload replaces a file by renaming a new one onto
 * it, and two versions of equal size written within one timestamp tick would otherwise look
 * alike. A file that changes while it is being hashed is hashed again (a few times, then the
 * caller is told); a digest is only remembered when the file did not change under it.
 *
 * <p>Thread-safe. Two threads asking for the same new file may both hash it; that costs time,
 * never a wrong answer. The cache holds at most {@value #MAX_ENTRIES} entries and starts afresh
 * beyond that, which bounds its memory whatever happens to the folder behind our back.
 */
final class DigestCache {

    static final int MAX_ENTRIES = 4096;
    private static final int ATTEMPTS = 3;

    /** What a digest was computed for. */
    private record Identity(long size, FileTime modified, Object fileKey) {
        static Identity of(BasicFileAttributes attributes) {
            return new Identity(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        }
    }

    private record Entry(Identity identity, String sha256) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong computed = new AtomicLong();

    /**
     * The SHA-256 (lower-case hex) of {@code file}, known as {@code key}, whose attributes the
     * caller just read.
     */
    String sha256(String key, Path file, BasicFileAttributes attributes) throws IOException {
        Identity identity = Identity.of(attributes);
        for (int attempt = 1; ; attempt++) {
            Entry known = entries.get(key);
            if (known != null && known.identity().equals(identity)) {
                return known.sha256();
            }
            String digest = Sha256.of(file);
            computed.incrementAndGet();
            Identity after = Identity.of(Files.readAttributes(file, BasicFileAttributes.class));
            if (after.equals(identity)) {
                if (entries.size() >= MAX_ENTRIES) {
                    entries.clear();
                }
                entries.put(key, new Entry(identity, digest));
                return digest;
            }
            if (attempt >= ATTEMPTS) {
                throw new IOException("file " + key + " keeps changing while its SHA-256 is computed");
            }
            identity = after;
        }
    }

    /** Forgets {@code key} (the file was deleted or replaced). */
    void forget(String key) {
        entries.remove(Objects.requireNonNull(key));
    }

    int size() {
        return entries.size();
    }

    /** How many digests were computed (not served from the cache), for tests. */
    long computed() {
        return computed.get();
    }
}
