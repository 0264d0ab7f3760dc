package netdisk.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Random;

/**
 * Contents for tests: seeded random bytes, in memory or streamed to a file, and plain writes
 * that make the folders they need. Arguments go size first, then seed, everywhere.
 *
 * <p>One generator, {@link java.util.Random}: a seed gives the same bytes in memory and in a
 * file, whatever the file's size, because files are streamed in chunks of a multiple of four
 * bytes (Random hands out bytes four at a time), so even a file past the block-number wrap
 * (33 MiB) is never held in memory.
 */
public final class TestData {

    private static final int CHUNK = 64 * 1024;

    private TestData() {}

    /** {@code size} bytes from {@code new Random(seed)}. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes what {@link #randomBytes} would give to {@code file} (folders made); returns the file. */
    public static Path randomFile(Path file, long size, long seed) throws IOException {
        stream(file, size, seed, OutputStream.nullOutputStream());
        return file;
    }

    /** As {@link #randomFile}, and returns the file's SHA-256 (hex), taken as it was written. */
    public static String writeRandom(Path file, long size, long seed) throws IOException {
        MessageDigest digest = Digests.newSha256();
        stream(file, size, seed, new DigestOutputStream(OutputStream.nullOutputStream(), digest));
        return Digests.hex(digest);
    }

    /** Writes {@code bytes} to {@code file}, making its folders first; returns the file. */
    public static Path write(Path file, byte[] bytes) throws IOException {
        makeParent(file);
        return Files.write(file, bytes);
    }

    private static void stream(Path file, long size, long seed, OutputStream tee) throws IOException {
        makeParent(file);
        Random random = new Random(seed);
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(file); tee) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                random.nextBytes(chunk);
                out.write(chunk, 0, n);
                tee.write(chunk, 0, n);
                left -= n;
            }
        }
    }

    private static void makeParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
