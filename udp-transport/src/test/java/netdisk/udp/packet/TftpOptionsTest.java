package netdisk.udp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TftpOptionsTest {

    private final TftpOptions options = TftpOptions.of("BlkSize", "1428", "tsize", "0");

    @Test
    void getMatchesNamesIgnoringCase() {
        assertThat(options.get("blksize")).contains("1428");
        assertThat(options.get("BLKSIZE")).contains("1428");
        assertThat(options.get("TSize")).contains("0");
        assertThat(options.get("timeout")).isEmpty();
        assertThat(options.contains("bLkSiZe")).isTrue();
        assertThat(options.contains("windowsize")).isFalse();
    }

    @Test
    void refusesTheSameNameTwiceIgnoringCase() {
        assertThatThrownBy(() -> TftpOptions.of("blksize", "512", "BLKSIZE", "1024")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpOptions.of(List.of(new TftpOption("x", "1"), new TftpOption("X", "1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUnpairedNamesAndValues() {
        assertThatThrownBy(() -> TftpOptions.of("blksize")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withAppendsANewOptionAtTheEnd() {
        TftpOptions more = options.with("windowsize", "16");

        assertThat(more.asList()).containsExactly(
                new TftpOption("BlkSize", "1428"), new TftpOption("tsize", "0"), new TftpOption("windowsize", "16"));
        assertThat(options.size()).as("the original is unchanged").isEqualTo(2);
    }

    @Test
    void withReplacesAnOptionOfTheSameNameInPlaceKeepingItsSpelling() {
        TftpOptions replaced = options.with("blksize", "512");

        assertThat(replaced.asList()).containsExactly(new TftpOption("BlkSize", "512"), new TftpOption("tsize", "0"));
        assertThat(options.get("blksize")).contains("1428");
    }

    @Test
    void withoutRemovesIgnoringCase() {
        assertThat(options.without("BLKSIZE").asList()).containsExactly(new TftpOption("tsize", "0"));
        assertThat(options.without("timeout")).isEqualTo(options);
        assertThat(options.without("blksize").without("TSIZE").isEmpty()).isTrue();
        assertThat(options.without("blksize").without("TSIZE")).isEqualTo(TftpOptions.NONE);
    }

    @Test
    void keepsInsertionOrderAndEqualityDependsOnIt() {
        TftpOptions reversed = TftpOptions.of("tsize", "0", "BlkSize", "1428");

        assertThat(options.asList()).extracting(TftpOption::name).containsExactly("BlkSize", "tsize");
        assertThat(reversed).isNotEqualTo(options);
        assertThat(TftpOptions.of("BlkSize", "1428", "tsize", "0")).isEqualTo(options).hasSameHashCodeAs(options);
    }

    @Test
    void equalityKeepsTheSpellingOfNames() {
        // Names match ignoring case, but the packet differs on the wire, so the values are unequal.
        assertThat(TftpOptions.of("blksize", "8")).isNotEqualTo(TftpOptions.of("BLKSIZE", "8"));
    }

    @Test
    void noOptionsIsEmpty() {
        assertThat(TftpOptions.NONE.isEmpty()).isTrue();
        assertThat(TftpOptions.NONE.size()).isZero();
        assertThat(TftpOptions.of(List.of())).isEqualTo(TftpOptions.NONE);
        assertThat(TftpOptions.of()).isEqualTo(TftpOptions.NONE);
    }

    @Test
    void listViewIsUnmodifiable() {
        assertThatThrownBy(() -> options.asList().add(new TftpOption("x", "y"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anOptionNeedsANameAndNoNul() {
        assertThatThrownBy(() -> new TftpOption("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TftpOption("a\0b", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TftpOption("a", "1\0")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TftpOption("a", "").value()).isEmpty();
        assertThat(new TftpOption("Tsize", "0").isNamed("TSIZE")).isTrue();
    }

    @Test
    void printsNamesAndValuesInOrder() {
        assertThat(options).hasToString("{BlkSize=1428, tsize=0}");
    }
}
