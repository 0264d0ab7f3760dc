package netdisk.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import netdisk.tools.lab.BurstLoss;
import netdisk.tools.lab.Lab;
import netdisk.tools.lab.LabCase;
import netdisk.tools.lab.LabPlan;
import netdisk.tools.lab.LabReport;
import netdisk.tools.lab.LinkSetting;
import netdisk.tools.lab.NetdiskLauncher;
import netdisk.tools.lab.PathImpairment;
import netdisk.tools.lab.TwoWay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netdisk bench lab}: the kernel link lab (Linux, root). Parses the sweep into a {@link
 * LabPlan} and runs it; everything else is in {@code netdisk.tools.lab}.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"netdisk against TCP and stock TFTP peers on a real kernel link: two network namespaces joined "
                + "by veth (offloads off), loss dropped by nftables on each end's ingress, a rate limit (tbf) and "
                + "delay, jitter, reordering and burst loss (a userspace link emulator) on request. Counts the wire "
                + "with the kernel. Needs Linux and root; removes everything it made when it ends.",
                "",
                "Every impairment takes X (both directions) or DOWN/UP (server→client / client→server), "
                        + "e.g. --loss 5/0 loses 5 %% of the data of a download and none of its ACKs."},
        footerHeading = "%nExamples:%n",
        footer = {"  netdisk bench lab --quick                       a smoke run: 8 MiB, loss 0,5,20 %%, one run",
                "  netdisk bench lab --out lab-report              the whole table, with JSON, CSV and charts",
                "  netdisk bench lab --delay 0,10,50 --loss 1       goodput against round-trip time at 1 %% loss",
                "  netdisk bench lab --rate 100Mbit --loss 0 --cases defaults,nginx",
                "  netdisk bench lab --burst-loss 5:4 --loss 0      Wi-Fi-like loss: 5 %% in bursts of 4 packets",
                "  netdisk bench lab --firewall-drop 2/0 --loss 0   a local firewall refusing 2 %% of the server's sends",
                ""})
final class BenchLabCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--loss", paramLabel = "LIST", split = ",",
            description = "Random loss in percent, each a point of the sweep (default: 0,1,5,10,20; --quick: 0,5,20).")
    List<String> loss;

    @Option(names = "--delay", paramLabel = "LIST", split = ",",
            description = "Round-trip delay in ms, each a point of the sweep; DOWN/UP gives one-way delays "
                    + "(default: 0; anything else goes through the link emulator).")
    List<String> delay;

    @Option(names = "--burst-loss", paramLabel = "LIST", split = ",",
            description = "Extra points with loss in bursts, PCT[:LEN]: PCT percent lost in bursts of LEN packets on "
                    + "average (default LEN 4), as Wi-Fi loses them.")
    List<String> burstLoss = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "RATE",
            description = "A bottleneck on every point, e.g. 100Mbit or 12.5MB/s (tbf with a "
                    + "25 ms queue in a router namespace).")
    String rate;

    @Option(names = "--jitter", paramLabel = "MS", description = "Extra one-way delay of 0..MS per packet, order kept.")
    String jitter;

    @Option(names = "--reorder", paramLabel = "PCT",
            description = "Share of packets held back so that later ones pass them.")
    String reorder;

    @Option(names = "--firewall-drop", paramLabel = "PCT",
            description = "A local firewall on the sending end refuses this share of datagrams (sendto fails with "
                    + "EPERM): not loss on the wire, a different experiment.")
    String firewallDrop;

    @Option(names = "--size", paramLabel = "SIZE", description = "The file every case moves (default: 64MiB; --quick: 8MiB).")
    String size;

    @Option(names = "--runs", paramLabel = "N", description = "Runs per case and point (default: 3; --quick: 1).")
    Integer runs;

    @Option(names = "--cases", paramLabel = "LIST", split = ",",
            description = "Which cases: lockstep, windowed, defaults, tcp, put-udp, put-tcp, tftpd-hpa, atftp, nginx, "
                    + "default (all but the puts) or all (default: default).")
    List<String> cases = List.of("default");

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write report.json, report.csv, report.md, the charts (PNG and SVG) and each run's "
                    + "client output here.")
    Path out;

    @Option(names = "--quick", description = "A short smoke version: 8MiB, one run, loss 0,5,20 (flags given win).")
    boolean quick;

    @Option(names = "--run-timeout", paramLabel = "SECONDS",
            description = "A run not done by then is stopped and counts as failed (default: 60, or a second per MiB "
                    + "when more).")
    Integer runTimeout;

    @Option(names = "--no-skip",
            description = "Run a case at higher loss even after every run of it failed at a lower one.")
    boolean noSkip;

    @Option(names = "--markdown", description = "Also print the table in Markdown.")
    boolean markdown;

    @Override
    public Integer call() throws Exception {
        LabPlan plan = plan();
        PrintWriter stdout = spec.commandLine().getOut();
        String command = "netdisk " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Lab lab = new Lab(plan, NetdiskLauncher.ofRunningJar(), stdout, command.strip());
        LabReport report = lab.run();
        stdout.println();
        stdout.print(report.table().text());
        stdout.println();
        stdout.println(LabReport.legend());
        if (markdown) {
            stdout.println();
            stdout.print(report.markdown());
        }
        if (out != null) {
            for (Path p : report.write(out)) {
                stdout.println("wrote " + p);
            }
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    LabPlan plan() {
        try {
            long bytes = Units.parseSize(size != null ? size : quick ? "8MiB" : "64MiB");
            int n = runs != null ? runs : quick ? 1 : 3;
            List<String> losses = loss != null ? loss : quick ? List.of("0", "5", "20") : List.of("0", "1", "5", "10", "20");
            List<String> delays = delay != null ? delay : List.of("0");
            PathImpairment common = PathImpairment.NONE;
            TwoWay<PathImpairment> base = TwoWay.both(common);
            base = apply(base, rate, Units::parseRate, PathImpairment::withRate);
            base = apply(base, jitter, BenchLabCommand::millis, PathImpairment::withJitter);
            base = apply(base, reorder, BenchLabCommand::percent, PathImpairment::withReorder);
            base = apply(base, firewallDrop, BenchLabCommand::percent, PathImpairment::withFirewallDrop);
            List<LinkSetting> settings = new ArrayList<>();
            for (String d : delays) {
                TwoWay<Double> oneWay = d.contains("/") ? split(d, BenchLabCommand::millis)
                        : TwoWay.both(millis(d) / 2);
                TwoWay<PathImpairment> delayed = new TwoWay<>(base.down().withDelay(oneWay.down()),
                        base.up().withDelay(oneWay.up()));
                for (String l : losses) {
                    settings.add(LinkSetting.of(apply(delayed, l, BenchLabCommand::percent, PathImpairment::withLoss)));
                }
                for (String b : burstLoss) {
                    settings.add(LinkSetting.of(apply(delayed, b, BenchLabCommand::burst, PathImpairment::withBurst)));
                }
            }
            // A point given twice ("--loss 5,5", or "--delay 10,5/5") is one point: measured once,
            // and drawn once (a chart's series takes each x once).
            settings = List.copyOf(new java.util.LinkedHashSet<>(settings));
            long timeout = runTimeout != null ? runTimeout : Math.max(60, bytes >> 20);
            if (timeout < 1 || timeout > 86_400) {
                throw new IllegalArgumentException("--run-timeout must be 1..86400 seconds");
            }
            return new LabPlan(bytes, n, settings, LabCase.parse(cases), Duration.ofSeconds(timeout), out, !noSkip);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * X for both directions, DOWN/UP for each. The "/" of a unit ("12.5MB/s", "100Mbit/s") is not
     * a separator: "12.5MB/s/1MB/s" is 12.5 MB/s down and 1 MB/s up.
     */
    private static <T> TwoWay<T> split(String text, Function<String, T> parse) {
        String[] parts = text.split("/(?![sS]\\b)", -1);
        if (parts.length == 1) {
            return TwoWay.both(parse.apply(parts[0]));
        }
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("'" + text + "': give one value, or DOWN/UP");
        }
        return new TwoWay<>(parse.apply(parts[0]), parse.apply(parts[1]));
    }

    private static <T> TwoWay<PathImpairment> apply(TwoWay<PathImpairment> base, String text,
            Function<String, T> parse, BiFunction<PathImpairment, T, PathImpairment> with) {
        if (text == null) {
            return base;
        }
        TwoWay<T> values = split(text.strip(), parse);
        return new TwoWay<>(with.apply(base.down(), values.down()), with.apply(base.up(), values.up()));
    }

    static double percent(String text) {
        double v = number(text.strip().replace("%", ""), "a percentage");
        if (v < 0 || v > 100) {
            throw new IllegalArgumentException("'" + text + "' is not a percentage between 0 and 100");
        }
        return v;
    }

    static double millis(String text) {
        String t = text.strip().replace("ms", "");
        double v = number(t, "milliseconds");
        if (v < 0 || v > 2 * PathImpairment.MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException("'" + text + "' is not a delay of 0.." + (int) (2 * PathImpairment.MAX_DELAY_MILLIS) + " ms");
        }
        return v;
    }

    static BurstLoss burst(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("'" + text + "': burst loss is PCT or PCT:LEN");
        }
        double pct = percent(parts[0]);
        double length = parts.length == 2 ? number(parts[1], "a burst length in packets") : 4;
        if (pct >= 100) {
            throw new IllegalArgumentException("'" + text + "': burst loss must be below 100 %");
        }
        return new BurstLoss(pct, length);
    }

    private static double number(String text, String what) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + what);
        }
    }
}
