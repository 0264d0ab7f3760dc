package netdisk.tests.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import netdisk.tests.SeededFiles;

/** Seeded contents for the services tests (small ones in memory) and their SHA-256. */
final class TestBytes {

    private TestBytes() {}

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code size} seeded random bytes to {@code file}; returns their SHA-256 (hex). */
    static String writeRandom(Path file, long size, long seed) throws IOException {
        return SeededFiles.writeRandom(file, size, seed);
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    static String sha256(byte[] bytes) {
        return SeededFiles.sha256(bytes);
    }

    static String sha256(Path file) throws IOException {
        return SeededFiles.sha256(file);
    }
}
