package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabTest {

    @Test
    void aCaseThatFailedAtLowerLossOfTheSameLinkIsHopelessAtHigher() {
        assertThat(Lab.easier(LabReportTest.loss(5, 0), LabReportTest.loss(10, 0))).isTrue();
        assertThat(Lab.easier(LabReportTest.loss(10, 0), LabReportTest.loss(5, 0))).isFalse();
        assertThat(Lab.easier(LabReportTest.loss(5, 0), LabReportTest.loss(5, 0))).isFalse();
        assertThat(Lab.easier(LabReportTest.loss(5, 10), LabReportTest.loss(10, 0))).as("another delay").isFalse();
    }

    @Test
    void casesAreNamedAsInTheTable() {
        assertThat(LabCase.parse(java.util.List.of("default"))).isEqualTo(LabCase.DEFAULT);
        assertThat(LabCase.parse(java.util.List.of("all"))).hasSize(LabCase.values().length);
        assertThat(LabCase.parse(java.util.List.of("windowed", "NGINX", "windowed"))).containsExactly(LabCase.WINDOWED, LabCase.NGINX);
        assertThatThrownBy(() -> LabCase.parse(java.util.List.of("ftp"))).hasMessageStartingWith("unknown case 'ftp'")
                .hasMessageContaining("lockstep, windowed, defaults");
    }

    @Test
    void readsTheRateFromNetdisksSummaryLine() {
        assertThat(CaseRunner.reportedRate("got a -> b: 64.0 MiB in 1.21 s (34.7 MB/s, udp), 3 retransmissions"))
                .isEqualTo(34.7);
        assertThat(CaseRunner.reportedRate("put a -> b: 1 KiB in 3 ms (341.3 kB/s, tcp)")).isEqualTo(0.3413);
        assertThat(CaseRunner.reportedRate("netdisk: timed out")).isNaN();
    }
}
