package netdisk.services;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the identity netdisk gives a file's bytes on both ends (stat, verified downloads,
 * checked uploads): one place that opens the digest and streams a file through it.
 */
public final class Sha256 {

    private static final int CHUNK = 64 * 1024;

    private Sha256() {}

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The file's SHA-256 in lower-case hex, streamed in 64 KiB chunks (never held whole). */
    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            updateToEnd(digest, in);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The SHA-256 of the first {@code bytes} of the file, in lower-case hex.
     *
     * @throws EOFException when the file is shorter
     */
    public static String ofPrefix(Path file, long bytes) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            update(digest, in, bytes);
        } catch (EOFException e) {
            throw new EOFException(file + " " + e.getMessage());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Feeds the next {@code bytes} of {@code in} to {@code digest}, 64 KiB at a time.
     *
     * @throws EOFException when {@code in} ends first
     */
    public static void update(MessageDigest digest, InputStream in, long bytes) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long left = bytes;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("ended " + left + " bytes before byte " + bytes);
            }
            digest.update(buffer, 0, n);
            left -= n;
        }
    }

    /** Feeds the rest of {@code in} to {@code digest}, 64 KiB at a time. */
    public static void updateToEnd(MessageDigest digest, InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
    }
}
