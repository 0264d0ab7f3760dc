package netdisk.services.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A user's namespace is flat: a name is one plain segment. */
class FileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "holiday.mp4", ".hidden", "..a", "a..", "...", "with space", "ünïcödé.txt",
            "日本語.txt", "emoji-\uD83D\uDE00.png", "x.part", "name.netdisk-part"})
    void acceptsPlainNames(String name) throws InvalidNameException {
        assertThat(FileNames.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/etc/passwd", "../x", "a\\b", "..\\..\\x", "dir/", "/"})
    void refusesEmptyDotsAndSeparators(String name) {
        assertThatThrownBy(() -> FileNames.check(name)).isInstanceOf(InvalidNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\nb", "tab\there", "del\u007f", "c1\u0085", "esc\u001b[31m"})
    void refusesControlCharacters(String name) {
        assertThatThrownBy(() -> FileNames.check(name))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("control character")
                .hasMessageNotContaining("\n");
    }

    /** Hardening finding 12: names that show in a listing as some other name. */
    @ParameterizedTest
    @ValueSource(strings = {"invoice\u202Efdp.exe", "a\u200Bb", "\uFEFFreport.txt", "soft\u00ADhyphen",
            "iso\u2066late\u2069", "rtl\u200Fmark", "line\u2028sep", "tag\uDB40\uDC41", "\u200Dleading-joiner",
            "trailing-joiner\u200C", "a \u200D b"})
    void refusesInvisibleAndReorderingCharacters(String name) {
        assertThatThrownBy(() -> FileNames.check(name))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("invisible or text-reordering character U+")
                .hasMessageNotContaining("\u202E"); // the message escapes it, so it cannot reorder itself
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.txt", // Persian, with a ZWNJ inside
            "family-\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67.png"}) // an emoji ZWJ sequence
    void keepsJoinersInsideWords(String name) throws InvalidNameException {
        assertThat(FileNames.check(name)).isEqualTo(name);
    }

    @Test
    void theMessageShowsTheInvisibleCharacterEscaped() {
        assertThat(FileNames.problemWith("a\u202Eb")).startsWith("file name \"a\\u202eb\" contains");
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertThat(FileNames.problemWith("a\uD83D")).contains("not valid Unicode");
        assertThat(FileNames.problemWith("\uDE00a")).contains("not valid Unicode");
    }

    @Test
    void refusesNamesOver255Utf8Bytes() {
        assertThat(FileNames.isValid("a".repeat(255))).isTrue();
        assertThat(FileNames.isValid("a".repeat(256))).isFalse();
        // 'é' is two bytes in UTF-8: 128 of them are 256 bytes although only 128 characters.
        assertThat(FileNames.isValid("é".repeat(127))).isTrue();
        assertThat(FileNames.problemWith("é".repeat(128))).contains("256 bytes");
    }

    @Test
    void refusesTheNamesOfUploadsInProgress() {
        assertThat(FileNames.problemWith(".movie.mp4.0123456789abcdef.part")).contains("reserved");
        assertThat(FileNames.isInternal(".movie.mp4.0123456789abcdef.part")).isTrue();
        assertThat(FileNames.isInternal("movie.mp4.part")).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(FileNames.problemWith(null)).isEqualTo("empty file name");
    }
}
