package netdisk.udp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Seeded bytes and their SHA-256 for udp-transport's own tests: the same API and bytes as
 * testkit's {@code netdisk.testkit.TestData} and {@code Digests}, which these tests cannot use
 * (testkit depends on udp-transport; Maven forbids the cycle). Size first, then seed, as there.
 */
public final class TestData {

    private TestData() {}

    /** {@code size} bytes from {@code new Random(seed)}. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
