package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void parsesRatesInBitsAsTcWritesThemAndInBytesAsTheCliPrintsThem() {
        assertThat(Units.parseRate("100Mbit")).isEqualTo(100_000_000L);
        assertThat(Units.parseRate("100mbit/s")).isEqualTo(100_000_000L);
        assertThat(Units.parseRate("1Gbit")).isEqualTo(1_000_000_000L);
        assertThat(Units.parseRate("500kbit")).isEqualTo(500_000L);
        assertThat(Units.parseRate("100Mbps")).isEqualTo(100_000_000L);
        assertThat(Units.parseRate("12.5MB/s")).isEqualTo(100_000_000L);
        assertThat(Units.parseRate("1MiB/s")).isEqualTo(8L * 1024 * 1024);
        assertThatThrownBy(() -> Units.parseRate("100")).hasMessageContaining("a rate needs a unit");
        assertThatThrownBy(() -> Units.parseRate("fast")).hasMessageContaining("not a rate");
        assertThatThrownBy(() -> Units.parseRate("5Xbit")).hasMessageContaining("unknown rate unit");
        assertThatThrownBy(() -> Units.parseRate("2000Gbit")).hasMessageContaining("out of range");
    }

    @Test
    void formatsAndParsesSizes() {
        assertThat(Units.bytes(512)).isEqualTo("512 B");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(64L << 20)).isEqualTo("64.0 MiB");
        assertThat(Units.parseSize("64MiB")).isEqualTo(64L << 20);
        assertThat(Units.parseSize("10M")).isEqualTo(10L << 20);
        assertThat(Units.parseSize("10MB")).isEqualTo(10_000_000L);
        assertThat(Units.parseSize("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> Units.parseSize("ten")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> Units.parseSize("5X")).hasMessageContaining("unknown size unit");
    }

    @Test
    void formatsRates() {
        assertThat(Units.rate(16_500_000)).isEqualTo("16.5 MB/s");
        assertThat(Units.rate(1.5e9)).isEqualTo("1.50 GB/s");
    }
}
