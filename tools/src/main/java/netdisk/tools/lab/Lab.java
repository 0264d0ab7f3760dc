package netdisk.tools.lab;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import netdisk.tools.bench.BenchFiles;
import netdisk.tools.bench.Rates;

/**
 * {@code netdisk bench lab}: netdisk and its references measured on a kernel link, where users
 * run them, not on loopback. Creates the lab's network, starts the servers, moves the same file
 * with every case on every link setting, and reports what the kernels counted.
 *
 * <p>Order of work: check that the lab can run here ({@link Preflight}); write the random file;
 * create the network ({@link LabNetwork}); measure the link emulator's ceiling if a setting needs
 * it; start the servers on a clean link ({@link LabServers}) and give netdisk's server the file;
 * then for each setting, put it on the link and run each case {@code runs} times ({@link
 * CaseRunner}). Everything is removed at the end, also after an error or Ctrl-C.
 */
public final class Lab {

    private final LabPlan plan;
    private final NetdiskLauncher launcher;
    private final PrintWriter out;
    private final String commandLine;

    public Lab(LabPlan plan, NetdiskLauncher launcher, PrintWriter out, String commandLine) {
        this.plan = plan;
        this.launcher = launcher;
        this.out = out;
        this.commandLine = commandLine;
    }

    public LabReport run() throws LabException {
        Preflight.check(plan.needsEmulator(), plan.needsRate());
        Path work;
        try {
            work = Files.createTempDirectory("netdisk-lab-");
        } catch (IOException e) {
            throw new LabException("cannot create a work folder: " + e.getMessage(), e);
        }
        try {
            return measure(work);
        } finally {
            BenchFiles.deleteTree(work);
        }
    }

    private LabReport measure(Path work) throws LabException {
        Path file = work.resolve(CaseRunner.FILE);
        try {
            BenchFiles.writeRandom(file, plan.size());
        } catch (IOException e) {
            throw new LabException("cannot write the lab's file: " + e.getMessage(), e);
        }
        Set<LabCase.Server> needed = EnumSet.noneOf(LabCase.Server.class);
        plan.cases().forEach(c -> needed.add(c.server()));
        List<CaseResult> results = new ArrayList<>();
        Double ceiling = null;
        try (LabNetwork net = LabNetwork.create(plan.topology(), work)) {
            say("lab: %s topology, server %s in %s, client %s in %s", plan.topology().name().toLowerCase(Locale.ROOT),
                    net.server().ipv4(), net.server().namespace(), net.client().ipv4(), net.client().namespace());
            if (plan.needsEmulator()) {
                ceiling = net.measureEmulatorCeiling();
                say("lab: the link emulator forwards at most %.0f packets/s (≈ %.0f MB/s of 1428-byte blocks): "
                        + "results through it cannot go faster", ceiling, ceiling * 1428 / 1e6);
            }
            net.apply(LinkSetting.CLEAN);
            try (LabServers servers = LabServers.start(net, needed, work, file, launcher)) {
                CaseRunner runner = new CaseRunner(net, servers, launcher, work, file, plan.runTimeout(),
                        plan.out() == null ? null : plan.out().resolve("logs"));
                if (needed.contains(LabCase.Server.NETDISK)) {
                    say("lab: netdisk's server takes the file (upload over TCP) and warms up");
                    runner.prepareNetdisk();
                }
                say("lab: %d setting(s) × %d case(s) × %d run(s) of %d bytes", plan.settings().size(),
                        plan.cases().size(), plan.runs(), plan.size());
                for (LinkSetting setting : plan.settings()) {
                    net.apply(setting);
                    Double through = setting.needsEmulator() ? ceiling : null;
                    for (LabCase c : plan.cases()) {
                        CaseResult r = measure(runner, servers, setting, c, results, through);
                        results.add(r);
                        say("  %-28s %-10s %s", setting.label(), c.id(), line(r));
                    }
                }
                net.apply(LinkSetting.CLEAN);
            }
        }
        return new LabReport(environment(plan.topology(), ceiling), results);
    }

    private CaseResult measure(CaseRunner runner, LabServers servers, LinkSetting setting, LabCase c,
            List<CaseResult> earlier, Double ceiling) throws LabException {
        var missing = servers.missing(c.server());
        if (missing.isPresent()) {
            return CaseResult.notRun(setting, c, missing.get(), plan.size());
        }
        var client = c.clientPeer().filter(p -> p.locate().isEmpty());
        if (client.isPresent()) {
            return CaseResult.notRun(setting, c, client.get().missing(), plan.size());
        }
        if (plan.skipHopeless()) {
            for (CaseResult e : earlier) {
                if (e.labCase() == c && e.allFailed() && easier(e.setting(), setting)) {
                    return CaseResult.notRun(setting, c, "every run failed at " + e.setting().label(), plan.size());
                }
            }
        }
        List<RunResult> runs = new ArrayList<>();
        for (int i = 0; i < plan.runs(); i++) {
            runs.add(runner.run(c));
        }
        return new CaseResult(setting, c, runs, null, plan.size(), ceiling);
    }

    /** Whether {@code a} is {@code b} with less random loss in each direction (and nothing else different). */
    static boolean easier(LinkSetting a, LinkSetting b) {
        return a.down().withLoss(0).equals(b.down().withLoss(0)) && a.up().withLoss(0).equals(b.up().withLoss(0))
                && a.down().lossPercent() <= b.down().lossPercent() && a.up().lossPercent() <= b.up().lossPercent()
                && !a.equals(b);
    }

    private static String line(CaseResult r) {
        if (!r.ran()) {
            return "not run: " + r.notRun();
        }
        Rates g = r.goodput();
        String speed = g.count() == 0 ? "fails" : String.format(Locale.ROOT, "%7.1f MB/s", g.median());
        String errors = r.errors() == null ? "" : "  (" + r.errors() + ")";
        return String.format(Locale.ROOT, "%s  %d/%d ok, wire ×%s%s", speed, r.goodRuns(), r.runs().size(),
                LabReport.number(r.wireRatio(), 3), errors);
    }

    private LabReport.Environment environment(LabNetwork.Topology topology, Double ceiling) {
        String kernel;
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            kernel = System.getProperty("os.version");
        }
        String version = Lab.class.getPackage().getImplementationVersion();
        return new LabReport.Environment(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), kernel,
                Runtime.getRuntime().availableProcessors(), "Java " + System.getProperty("java.version"),
                version == null ? "development build" : version, topology.name().toLowerCase(Locale.ROOT), plan.size(),
                plan.runs(), plan.runTimeout().toSeconds(), ceiling, commandLine);
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, format + "%n", args);
        out.flush();
    }
}
