package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import netdisk.services.accounts.AccountException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "Alice_2", "bob.smith", "x-y", "...a", ".hidden", "a..b", "-", "_",
        "0123456789abcdefghijklmnopqrstuv" /* 32 */})
    void acceptsNamesOfTheAlphabet(String name) throws Exception {
        assertThat(UserNames.isValid(name)).isTrue();
        assertThat(UserNames.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "....", "a/b", "a\\b", "a b", "0123456789abcdefghijklmnopqrstuvw" /* 33 */,
        "émile", "名前", "a\u0000b", "tab\t", "a:b", "a*b", "😀", ".x.0123456789abcdef.part"})
    void refusesOtherNames(String name) {
        assertThat(UserNames.isValid(name)).isFalse();
        assertThatThrownBy(() -> UserNames.check(name))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NAME_INVALID))
                .hasMessageContaining("1 to 32");
    }

    @Test
    void refusesNull() {
        assertThat(UserNames.isValid(null)).isFalse();
    }

    @Test
    void comparesIgnoringCase() {
        assertThat(UserNames.key("Alice")).isEqualTo(UserNames.key("aLICE"));
    }

    @Test
    void passwordsNeedTheMinimumLengthInCharacters() throws Exception {
        PasswordRules rules = new PasswordRules(8);
        rules.check("12345678");
        rules.check("😀😀😀😀😀😀😀😀"); // 8 characters, 16 UTF-16 units
        rules.check("x".repeat(PasswordRules.MAX_LENGTH));
        String tooLong = "x".repeat(PasswordRules.MAX_LENGTH + 1);
        for (String bad : new String[] {"", "1234567", "😀😀😀😀😀😀😀", tooLong}) {
            assertThatThrownBy(() -> rules.check(bad))
                    .isInstanceOfSatisfying(AccountException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PASSWORD_INVALID))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad.isEmpty() ? "\u0000" : bad));
        }
        assertThatThrownBy(() -> rules.check(null)).isInstanceOf(AccountException.class);
    }

    @Test
    void theMinimumIsConfigurable() throws Exception {
        PasswordRules rules = new PasswordRules(12);
        assertThatThrownBy(() -> rules.check("elevenchars")).hasMessageContaining("12");
        rules.check("twelve chars");
    }
}
