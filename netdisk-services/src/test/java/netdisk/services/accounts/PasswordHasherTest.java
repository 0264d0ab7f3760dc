package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
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
    void burnsTimeForUnknownUsersWithoutThrowing() {
        hasher.burn("anything");
        hasher.burn(null);
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
