package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitsTest {

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
