package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private static final String FORMAT = "pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}";

    private final PasswordHasher hasher = new PasswordHasher(1000);

    @Test
    void storesSchemeIterationsSixteenByteSaltAndThirtyTwoByteKey() {
        String stored = hasher.hash("correct horse");
        assertThat(stored).matches(FORMAT);
        String[] parts = stored.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse");
        assertThat(hasher.verify("correct horse", stored)).isTrue();
        assertThat(hasher.verify("correct horsE", stored)).isFalse();
        assertThat(hasher.verify("", stored)).isFalse();
    }

    @Test
    void saltsEveryHashDifferently() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void verifiesWithTheIterationsStoredInTheValueNotItsOwn() {
        String madeWithFewer = new PasswordHasher(500).hash("correct horse");
        assertThat(PasswordHasher.iterationsOf(madeWithFewer)).isEqualTo(500);
        assertThat(hasher.verify("correct horse", madeWithFewer)).isTrue();
    }

    @Test
    void handlesNonAsciiPasswords() {
        String stored = hasher.hash("pässwörd-✓-😀");
        assertThat(hasher.verify("pässwörd-✓-😀", stored)).isTrue();
        assertThat(hasher.verify("passwort-✓-😀", stored)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "plain-text-password",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$",
        "pbkdf2-sha1$1000$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
        "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
        "pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
        "pbkdf2-sha256$999999999$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
        "pbkdf2-sha256$abc$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
        "pbkdf2-sha256$1000$not base64!$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U$extra",
        "$$$"
    })
    void aMalformedStoredValueVerifiesFalseAndDoesNotThrow(String stored) {
        assertThat(PasswordHasher.isWellFormed(stored)).isFalse();
        assertThat(hasher.verify("whatever password", stored)).isFalse();
    }

    @Test
    void theStoredKeyIsPbkdf2WithExactlyTheStatedIterations() throws Exception {
        String[] parts = hasher.hash("correct horse").split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] key = Base64.getDecoder().decode(parts[3]);
        assertThat(independentPbkdf2("correct horse", salt, 1000)).isEqualTo(key);
        assertThat(independentPbkdf2("correct horse", salt, 999)).isNotEqualTo(key);
    }

    /**
     * A login for a user that does not exist, or against a malformed stored value, must cost what a
     * real verification costs, or the answer's timing tells an attacker which names exist.
     */
    @Test
    void anUnknownUserOrAMalformedValueCostsAsManyIterationsAsARealVerification() {
        List<Integer> iterationsPerCall = new ArrayList<>();
        List<Integer> keyBytesPerCall = new ArrayList<>();
        PasswordHasher counted = new PasswordHasher(1000, new SecureRandom(), (password, salt, n, keyBytes) -> {
            iterationsPerCall.add(n);
            keyBytesPerCall.add(keyBytes);
            return new byte[keyBytes]; // what the call costs is all this test looks at
        });
        String stored = new PasswordHasher(1000).hash("correct horse");
        iterationsPerCall.clear();
        keyBytesPerCall.clear();

        counted.verify("correct horse", stored);
        counted.burn("anything");
        counted.burn(null);
        counted.verify("whatever", "pbkdf2-sha256$abc$not-a-value");

        assertThat(iterationsPerCall).containsExactly(1000, 1000, 1000, 1000);
        assertThat(keyBytesPerCall).containsExactly(32, 32, 32, 32);
    }

    private static byte[] independentPbkdf2(String password, byte[] salt, int iterations) throws Exception {
        var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    @Test
    void defaultsToAtLeast600000IterationsAndStoresTheCount() {
        int iterations = AccountSettings.defaults().iterations();
        assertThat(iterations).isGreaterThanOrEqualTo(600_000);
        PasswordHasher real = new PasswordHasher(iterations);
        String stored = real.hash("correct horse");
        assertThat(stored).startsWith("pbkdf2-sha256$" + iterations + "$");
        assertThat(PasswordHasher.iterationsOf(stored)).isEqualTo(iterations);
        assertThat(real.verify("correct horse", stored)).isTrue();
    }
}
