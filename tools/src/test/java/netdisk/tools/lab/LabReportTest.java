package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabReportTest {

    private static final long SIZE = 10_000_000;

    @TempDir
    Path dir;

    static LinkSetting loss(double percent, double rttMillis) {
        return LinkSetting.of(TwoWay.both(PathImpairment.NONE.withLoss(percent).withDelay(rttMillis / 2)));
    }

    static RunResult good(double seconds, long lost) {
        Arrivals in = new Arrivals(7000, 10_400_000, 7000, 10_400_000, 0, 0, 0);
        WireCount wire = WireCount.direct(new HostCounters(new Arrivals(400, 20_000, 400, 20_000, 0, 0, 0), 0, 0, 0, 0, 0),
                new HostCounters(in, lost, 0, 0, 0, 0));
        return new RunResult(true, true, seconds, 0.5, 0.2, wire, 12, 3, null, SIZE, 2 * SIZE / seconds / 1e6);
    }

    static RunResult failed(String why) {
        return new RunResult(false, false, 60, Double.NaN, 1, WireCount.direct(HostCounters.ZERO, HostCounters.ZERO),
                -1, -1, why, 1234, Double.NaN);
    }

    static LabReport report() {
        List<CaseResult> results = new ArrayList<>();
        for (double l : new double[] {0, 5, 20}) {
            for (double rtt : new double[] {0, 10}) {
                LinkSetting s = loss(l, rtt);
                results.add(new CaseResult(s, LabCase.DEFAULTS, l == 20 ? List.of(failed("no result in 60 s"))
                        : List.of(good(1, 10), good(2, 20), good(4, 30)), null, SIZE, rtt > 0 ? 100_000.0 : null));
                results.add(CaseResult.notRun(s, LabCase.ATFTP, Peer.ATFTPD.missing(), SIZE));
            }
        }
        return new LabReport(new LabReport.Environment("2026-12-02T10:00:00Z", "6.18", 2, "Java 25", "dev", "routed",
                SIZE, 3, 60, 100_000.0, "netdisk bench lab --test"), results);
    }

    @Test
    void aCaseSummarisesItsGoodRunsByTheirMedian() {
        CaseResult r = report().results().getFirst();
        assertThat(r.goodRuns()).isEqualTo(3);
        assertThat(r.goodput().median()).isEqualTo(5.0); // 10 MB in 2 s
        assertThat(r.goodput().min()).isEqualTo(2.5);
        assertThat(r.goodput().max()).isEqualTo(10.0);
        assertThat(r.lostPackets()).isEqualTo(20);
        assertThat(r.resent()).isEqualTo(12);
        assertThat(r.wireRatio()).isEqualTo(1.042);
        assertThat(r.clientCpuPerMegabyte()).isEqualTo(0.05);
    }

    @Test
    void theTableSaysWhatFailedAndWhatDidNotRun() {
        String text = report().table().text();
        assertThat(text).contains("fails: no result in 60 s").contains("not run: atftpd is not installed")
                .contains("emulator ceiling 100000 pkt/s");
        assertThat(text.lines()).hasSize(1 + 12);
    }

    @Test
    void jsonHasNoNaNAndKeepsEveryRun() throws Exception {
        String json = report().json();
        assertThat(json).doesNotContain("NaN");
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.path("environment").path("command").asText()).isEqualTo("netdisk bench lab --test");
        JsonNode first = root.path("results").get(0);
        assertThat(first.path("case").asText()).isEqualTo("defaults");
        assertThat(first.path("runs")).hasSize(3);
        assertThat(first.path("summary").path("medianMBps").asDouble()).isEqualTo(5.0);
        JsonNode failedRow = root.path("results").get(8);
        assertThat(failedRow.path("summary").path("medianMBps").isNull()).isTrue();
        assertThat(root.path("results").get(1).path("notRun").asText()).contains("atftpd");
    }

    @Test
    void csvHasAHeaderAndOneLinePerResult() {
        List<String> lines = report().csv().lines().toList();
        assertThat(lines).hasSize(1 + 12);
        int columns = lines.getFirst().split(",", -1).length;
        assertThat(lines.get(1).split(",", -1)).hasSize(columns);
        assertThat(lines.get(1)).startsWith("loss 0 %,0,0,0,0,defaults,3,3,5,2.5,10,10,1.042,7000,400,20,12,3,0,0.05,0.02,,");
        assertThat(lines.get(2)).contains("not run: atftpd");
    }

    @Test
    void writesTheChartsOfEachSweepAsPngAndSvg() throws Exception {
        List<Path> written = report().write(dir);
        assertThat(written).extracting(p -> p.getFileName().toString()).contains("report.json", "report.csv",
                "report.md", "goodput-vs-loss-clean.png", "goodput-vs-loss-rtt-10-ms.svg", "wire-vs-loss-clean.png",
                "goodput-vs-delay-clean.png", "goodput-vs-delay-loss-5.svg");
        assertThat(Files.readString(dir.resolve("goodput-vs-loss-clean.svg"))).startsWith("<!DOCTYPE svg").contains("defaults");
        assertThat(javax.imageio.ImageIO.read(dir.resolve("goodput-vs-loss-clean.png").toFile()).getWidth()).isEqualTo(900);
    }
}
