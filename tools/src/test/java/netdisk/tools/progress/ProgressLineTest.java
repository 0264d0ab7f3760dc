package netdisk.tools.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void knownTotalShowsBarPercentBytesRateAndEta() {
        String line = ProgressLine.format("get a.bin", 50L << 20, 100L << 20, 10e6);
        assertThat(line).isEqualTo("get a.bin [############------------]  50% 50.0 MiB / 100 MiB  10.0 MB/s  ETA 0:05");
    }

    @Test
    void unknownTotalShowsBytesAndRateOnly() {
        assertThat(ProgressLine.format("", 1536, -1, 2e3)).isEqualTo("1.5 KiB  2.0 kB/s");
    }

    @Test
    void beforeARateIsKnownNeitherRateNorEtaIsShown() {
        assertThat(ProgressLine.format("x", 0, 1000, -1)).isEqualTo("x [------------------------]   0% 0 B / 1000 B");
    }

    @Test
    void doneHasNoEta() {
        assertThat(ProgressLine.format("x", 1000, 1000, 5e3)).endsWith("100% 1000 B / 1000 B  5.0 kB/s");
    }

    @Test
    void etaReadsLikeAClock() {
        assertThat(ProgressLine.eta(Duration.ofSeconds(7))).isEqualTo("0:07");
        assertThat(ProgressLine.eta(Duration.ofSeconds(754))).isEqualTo("12:34");
        assertThat(ProgressLine.eta(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }

    @Test
    void displayRedrawsAtMostTenTimesASecondAndAlwaysAtTheEnd() {
        StringWriter out = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(out), "get", now::get);
        display.total(1000);
        for (int i = 1; i <= 1000; i++) {
            now.addAndGet(1_000_000); // 1 ms per byte: one second in all
            display.update(i);
        }
        long redraws = out.toString().chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(10L, 12L);
        assertThat(out.toString()).contains("100% 1000 B / 1000 B");
        display.finish();
        assertThat(out.toString()).endsWith("\r");
    }
}
