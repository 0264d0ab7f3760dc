package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import netdisk.tools.lab.LabCase;
import netdisk.tools.lab.LabNetwork;
import netdisk.tools.lab.LabPlan;
import netdisk.tools.lab.LinkSetting;
import netdisk.tools.lab.LabUnavailableException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code netdisk bench lab}: how its flags become the sweep, and what bad flags get. */
class BenchLabCommandTest {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static LabPlan plan(String... args) {
        BenchLabCommand command = new BenchLabCommand();
        new CommandLine(command).parseArgs(args);
        return command.plan();
    }

    int run(String... args) {
        return NetdiskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void byDefaultSweepsLossOnTheDirectLinkWithTheDownloadCases() {
        LabPlan p = plan();
        assertThat(p.settings()).extracting(LinkSetting::label)
                .containsExactly("loss 0 %", "loss 1 %", "loss 5 %", "loss 10 %", "loss 20 %");
        assertThat(p.size()).isEqualTo(64L << 20);
        assertThat(p.runs()).isEqualTo(3);
        assertThat(p.cases()).isEqualTo(LabCase.DEFAULT);
        assertThat(p.topology()).isEqualTo(LabNetwork.Topology.DIRECT);
        assertThat(p.runTimeout().toSeconds()).isEqualTo(64);
        assertThat(p.skipHopeless()).isTrue();
    }

    @Test
    void quickIsShortButFlagsGivenWin() {
        LabPlan p = plan("--quick", "--runs", "2");
        assertThat(p.size()).isEqualTo(8L << 20);
        assertThat(p.runs()).isEqualTo(2);
        assertThat(p.settings()).extracting(LinkSetting::label).containsExactly("loss 0 %", "loss 5 %", "loss 20 %");
    }

    @Test
    void delaysAreRoundTripsSplitEvenlyUnlessGivenPerDirection() {
        LabPlan p = plan("--delay", "0,10,8/2", "--loss", "1");
        assertThat(p.settings()).hasSize(3);
        assertThat(p.settings().get(1).down().delayMillis()).isEqualTo(5);
        assertThat(p.settings().get(2).down().delayMillis()).isEqualTo(8);
        assertThat(p.settings().get(2).up().delayMillis()).isEqualTo(2);
        assertThat(p.topology()).as("a delay needs the emulator's router").isEqualTo(LabNetwork.Topology.ROUTED);
        assertThat(p.needsEmulator()).isTrue();
    }

    @Test
    void eachImpairmentTakesOneValueOrDownSlashUp() {
        LinkSetting s = plan("--loss", "5/0", "--rate", "100Mbit", "--firewall-drop", "0/2", "--jitter", "1",
                "--reorder", "0.5").settings().getFirst();
        assertThat(s.down().lossPercent()).isEqualTo(5);
        assertThat(s.up().lossPercent()).isZero();
        assertThat(s.down().rateBitsPerSecond()).isEqualTo(100_000_000);
        assertThat(s.up().firewallDropPercent()).isEqualTo(2);
        assertThat(s.down().jitterMillis()).isEqualTo(1);
        assertThat(s.up().reorderPercent()).isEqualTo(0.5);
    }

    @Test
    void aRateMayBeSpelledWithItsOwnSlash() {
        LinkSetting both = plan("--rate", "12.5MB/s", "--loss", "0").settings().getFirst();
        assertThat(both.down().rateBitsPerSecond()).isEqualTo(100_000_000);
        assertThat(both.up().rateBitsPerSecond()).isEqualTo(100_000_000);
        LinkSetting each = plan("--rate", "12.5MB/s/1MB/s", "--loss", "0").settings().getFirst();
        assertThat(each.down().rateBitsPerSecond()).isEqualTo(100_000_000);
        assertThat(each.up().rateBitsPerSecond()).isEqualTo(8_000_000);
    }

    @Test
    void aPointGivenTwiceIsMeasuredOnce() {
        assertThat(plan("--loss", "5,5,1").settings()).extracting(LinkSetting::label)
                .containsExactly("loss 5 %", "loss 1 %");
        assertThat(plan("--loss", "1", "--delay", "10,5/5").settings()).hasSize(1);
    }

    @Test
    void burstLossAddsPointsAtEachDelay() {
        LabPlan p = plan("--loss", "0", "--burst-loss", "5:4,2", "--delay", "0,10");
        assertThat(p.settings()).extracting(LinkSetting::label).containsExactly("loss 0 %", "loss 0 %, burst 5 %/4",
                "loss 0 %, burst 2 %/4", "loss 0 %, rtt 10 ms", "loss 0 %, burst 5 %/4, rtt 10 ms",
                "loss 0 %, burst 2 %/4, rtt 10 ms");
    }

    @Test
    void badValuesAreUsageErrorsThatSayWhy() {
        for (List<String> args : List.of(List.of("--loss", "150"), List.of("--loss", "x"), List.of("--loss", "1/2/3"),
                List.of("--delay", "-5"), List.of("--rate", "100"), List.of("--rate", "fast"),
                List.of("--burst-loss", "100"), List.of("--burst-loss", "5:0"), List.of("--cases", "scp"),
                List.of("--runs", "0"), List.of("--size", "big"), List.of("--run-timeout", "0"))) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            java.util.ArrayList<String> all = new java.util.ArrayList<>(List.of("bench", "lab"));
            all.addAll(args);
            assertThat(run(all.toArray(String[]::new))).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).as(String.join(" ", args)).startsWith("netdisk: ").contains("Try 'netdisk bench lab --help'");
        }
    }

    @Test
    void theLabBeingUnavailableHasAnExitCodeOfItsOwn() {
        assertThat(ExitCodes.of(new LabUnavailableException("the lab needs root"))).isEqualTo(ExitCodes.LAB_UNAVAILABLE);
        assertThat(run("bench", "lab", "--help")).isZero();
        assertThat(out.toString()).contains("--loss=LIST").contains(" 13  bench lab: the lab cannot run here");
    }
}
