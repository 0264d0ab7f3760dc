package netdisk.tools.lab;

import java.util.List;
import java.util.function.ToDoubleFunction;
import netdisk.tools.bench.Rates;

/**
 * A case on one link setting: its runs, or why it did not run.
 *
 * @param notRun why the case was not run (a program missing, or it failed every run at a lower
 *     loss); null when it ran
 */
public record CaseResult(LinkSetting setting, LabCase labCase, List<RunResult> runs, String notRun, long fileSize,
        Double emulatorCeiling) {

    public CaseResult {
        runs = List.copyOf(runs);
    }

    public static CaseResult notRun(LinkSetting setting, LabCase labCase, String why, long fileSize) {
        return new CaseResult(setting, labCase, List.of(), why, fileSize, null);
    }

    public boolean ran() {
        return notRun == null;
    }

    public int goodRuns() {
        return (int) runs.stream().filter(RunResult::good).count();
    }

    /** Every run completed bit-exact. */
    public boolean allGood() {
        return ran() && !runs.isEmpty() && goodRuns() == runs.size();
    }

    /** No run completed. */
    public boolean allFailed() {
        return ran() && goodRuns() == 0;
    }

    /** Goodput of the good runs in MB/s (NaN when none). */
    public Rates goodput() {
        return Rates.of(good(r -> r.megabytesPerSecond(fileSize)));
    }

    /** The rate netdisk's client reports for the transfer itself (no JVM start), median of good runs. */
    public double transferRate() {
        return median(good(RunResult::transferMegabytesPerSecond));
    }

    /** IP bytes on the wire (both ways) per byte of the file: median of good runs. */
    public double wireRatio() {
        return median(good(r -> (double) r.wire().bytes() / fileSize));
    }

    /** Packets on the wire in the file's direction, median of good runs. */
    public double dataPackets() {
        return median(good(r -> r.wire().sent(labCase.data()).sentPackets()));
    }

    /** Packets on the wire against the file's direction (ACKs), median of good runs. */
    public double returnPackets() {
        Way back = labCase.data() == Way.DOWN ? Way.UP : Way.DOWN;
        return median(good(r -> r.wire().sent(back).sentPackets()));
    }

    /** Packets the lab's loss rules dropped, both ways, median of all runs. */
    public double lostPackets() {
        return median(all(r -> r.wire().lost(Way.DOWN) + r.wire().lost(Way.UP)));
    }

    /**
     * Packets sent again: netdisk's own count (both sides' summaries) for its UDP cases, the
     * kernel's RetransSegs for TCP; median of good runs; NaN when unknown (stock TFTP peers).
     */
    public double resent() {
        if (!labCase.udp()) {
            return median(good(r -> r.wire().server().tcpRetransmittedSegments()
                    + r.wire().client().tcpRetransmittedSegments()));
        }
        double[] v = good(r -> r.retransmissions());
        return v.length == 0 || v[0] < 0 ? Double.NaN : median(v);
    }

    public double timeouts() {
        double[] v = good(r -> r.timeouts());
        return v.length == 0 || v[0] < 0 ? Double.NaN : median(v);
    }

    /** Datagrams a full socket receive buffer dropped (kernel), both ends, median of all runs. */
    public double receiveBufferDrops() {
        return median(all(r -> r.wire().server().udpReceiveBufferErrors() + r.wire().client().udpReceiveBufferErrors()));
    }

    public double clientCpuPerMegabyte() {
        return median(good(r -> r.clientCpuSeconds() / (fileSize / 1e6)));
    }

    public double serverCpuPerMegabyte() {
        return median(good(r -> r.serverCpuSeconds() / (fileSize / 1e6)));
    }

    /** The distinct errors of failed runs, joined; null when none failed. */
    public String errors() {
        List<String> e = runs.stream().filter(r -> !r.good())
                .map(r -> r.error() != null ? r.error() : "arrived with a different SHA-256").distinct().toList();
        return e.isEmpty() ? null : String.join(" | ", e);
    }

    private double[] good(ToDoubleFunction<RunResult> f) {
        return runs.stream().filter(RunResult::good).mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }

    private double[] all(ToDoubleFunction<RunResult> f) {
        return runs.stream().mapToDouble(f).sorted().toArray();
    }

    static double median(double[] values) {
        return netdisk.tools.bench.Rates.of(values).median();
    }
}
