package netdisk.services.accounts;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes in the form
 * {@code pbkdf2-sha256$<iterations>$<salt, Base64>$<key, Base64>}: 16 random salt bytes, a
 * 32-byte key. The iteration count travels inside the value, so raising the default later still
 * verifies every stored hash with the count it was made with.
 *
 * <p>Verification compares with {@link MessageDigest#isEqual} (constant time), and a stored value
 * that does not parse simply fails to verify: a hand-edited registry must not turn a login into
 * an exception that tells the caller something. {@link #burn} spends the time of one verification
 * for a user who does not exist, so a login's duration does not reveal which names are taken.
 *
 * <p>Passwords arrive as {@link String}s (from JSON); the {@code char[]} copies made here are
 * cleared after use. Thread-safe.
 */
public final class PasswordHasher {

    public static final String SCHEME = "pbkdf2-sha256";
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int SALT_BYTES = 16;
    static final int KEY_BYTES = 32;
    /**
     * The most iterations a stored value may ask for: far above any sane setting, low enough that
     * a tampered registry cannot make one login take hours.
     */
    static final int MAX_ITERATIONS = 100_000_000;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random;
    private final KeyDerivation derivation;
    /** A hash of a random password: what {@link #burn} verifies against. */
    private final String dummy;

    public PasswordHasher(int iterations) {
        this(iterations, new SecureRandom());
    }

    PasswordHasher(int iterations, SecureRandom random) {
        this(iterations, random, PasswordHasher::pbkdf2);
    }

    /** With {@code derivation} in place of PBKDF2: lets a test count the work each call does. */
    PasswordHasher(int iterations, SecureRandom random, KeyDerivation derivation) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ": " + iterations);
        }
        this.iterations = iterations;
        this.random = Objects.requireNonNull(random);
        this.derivation = Objects.requireNonNull(derivation);
        byte[] noise = new byte[SALT_BYTES];
        random.nextBytes(noise);
        this.dummy = hash(B64.encodeToString(noise));
    }

    public int iterations() {
        return iterations;
    }

    /** A new salted hash of {@code password} with this hasher's iteration count. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] key = derivation.derive(password, salt, iterations, KEY_BYTES);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(key);
    }

    /**
     * Whether {@code password} matches {@code stored}, using the iterations stored in it. False,
     * never an exception, when {@code stored} is malformed (after spending the usual time).
     */
    public boolean verify(String password, String stored) {
        Objects.requireNonNull(password, "password");
        Parsed parsed = Parsed.of(stored);
        if (parsed == null) {
            burn(password);
            return false;
        }
        byte[] actual = derivation.derive(password, parsed.salt, parsed.iterations, parsed.key.length);
        return MessageDigest.isEqual(actual, parsed.key);
    }

    /** Spends the time of one verification, for a login whose user does not exist. */
    public void burn(String password) {
        Parsed parsed = Parsed.of(dummy);
        derivation.derive(password == null ? "" : password, parsed.salt, parsed.iterations, parsed.key.length);
    }

    /** Whether {@code stored} has the form this class writes (the registry checks rows with it). */
    public static boolean isWellFormed(String stored) {
        return Parsed.of(stored) != null;
    }

    /** The iteration count inside {@code stored}, or -1 when it is malformed. */
    public static int iterationsOf(String stored) {
        Parsed parsed = Parsed.of(stored);
        return parsed == null ? -1 : parsed.iterations;
    }

    /** The key stretching itself; its iteration count is what a call costs. */
    @FunctionalInterface
    interface KeyDerivation {
        byte[] derive(String password, byte[] salt, int iterations, int keyBytes);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int keyBytes) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, keyBytes * 8);
        Arrays.fill(chars, '\0');
        try {
            return factory().generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime has PBKDF2WithHmacSHA256; the spec is always valid here.
            throw new IllegalStateException(ALGORITHM + " failed", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static SecretKeyFactory factory() throws GeneralSecurityException {
        // Not thread-safe, cheap to get: one per call.
        return SecretKeyFactory.getInstance(ALGORITHM);
    }

    /** A stored value taken apart; {@link #of} is null for anything malformed. */
    private record Parsed(int iterations, byte[] salt, byte[] key) {

        static Parsed of(String stored) {
            if (stored == null) {
                return null;
            }
            String[] parts = stored.split("\\$", -1);
            if (parts.length != 4 || !parts[0].equals(SCHEME) || !parts[1].matches("[1-9][0-9]{0,8}")) {
                return null;
            }
            int iterations = Integer.parseInt(parts[1]);
            if (iterations > MAX_ITERATIONS) {
                return null;
            }
            try {
                byte[] salt = B64D.decode(parts[2]);
                byte[] key = B64D.decode(parts[3]);
                if (salt.length < 8 || key.length < 16 || key.length > 64) {
                    return null;
                }
                return new Parsed(iterations, salt, key);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
    }
}
