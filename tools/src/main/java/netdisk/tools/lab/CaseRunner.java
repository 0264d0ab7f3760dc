package netdisk.tools.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netdisk.services.Sha256;
import netdisk.services.client.DownloadSidecar;

/**
 * Runs one transfer of a case: the client as a process of its own in the client's namespace,
 * timed from start to exit, with both kernels' counters and both sides' CPU time read around it,
 * and the file that arrived checked against the original's SHA-256.
 */
public final class CaseRunner {

    /** The name of the lab's file on every server. */
    public static final String FILE = "bench.bin";
    /** What uploads are stored as, so the downloaded file stays as it was. */
    public static final String UPLOAD = "upload.bin";
    private static final String USER = "lab";
    private static final String PASSWORD = "lab-password-not-a-secret";

    private static final Pattern RETRANSMISSIONS = Pattern.compile("(\\d+) retransmissions?");
    private static final Pattern TIMEOUTS = Pattern.compile("(\\d+) timeouts?");
    /** The rate in netdisk's summary line: "... in 1.21 s (34.7 MB/s, udp)". */
    private static final Pattern RATE = Pattern.compile("\\((\\d+(?:\\.\\d+)?) (B|kB|MB|GB)/s");
    private static final Pattern CHILD_TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");
    /** How long the server may take to log a transfer after its client exited (a receiver dallies). */
    private static final long SERVER_LOG_WAIT_MS = 3_000;

    /**
     * Runs a program in the client's namespace and writes the CPU time of its children (bash's
     * {@code times}) to the file in $1, so the client's CPU is counted whatever it is.
     */
    private static final String TIMED = "exec 3>\"$1\"; shift; \"$@\"; rc=$?; times >&3; exit $rc";

    private final LabNetwork net;
    private final LabServers servers;
    private final NetdiskLauncher launcher;
    private final Path workDir;
    private final Path file;
    private final String sha256;
    private final long size;
    private final Duration runTimeout;
    private final Path logs;
    private final Path clientDir;
    private final Map<String, String> clientEnv;
    private int serial;

    /**
     * @param file the lab's file, the original every transfer is checked against
     * @param logs where each run's client output is kept (null: nowhere)
     */
    public CaseRunner(LabNetwork net, LabServers servers, NetdiskLauncher launcher, Path workDir, Path file,
            Duration runTimeout, Path logs) throws LabException {
        this.net = net;
        this.servers = servers;
        this.launcher = launcher;
        this.workDir = workDir;
        this.file = file;
        this.runTimeout = runTimeout;
        this.logs = logs;
        this.clientDir = workDir.resolve("client");
        this.clientEnv = Map.of("NETDISK_HOME", workDir.resolve("home").toString());
        try {
            this.size = Files.size(file);
            this.sha256 = Sha256.of(file);
            Files.createDirectories(clientDir);
            if (logs != null) {
                Files.createDirectories(logs);
            }
        } catch (IOException e) {
            throw new LabException("cannot prepare the client's folder: " + e.getMessage(), e);
        }
    }

    /**
     * Makes netdisk's server hold the file as a user would: registers the lab's user, logs in and
     * uploads it over TCP on the link as it is (call it on a clean link). Then one download that
     * is not counted, so the server's JIT has compiled the transfer path before anything is timed.
     */
    public void prepareNetdisk() throws LabException {
        String server = net.server().ipv4() + ":" + LabServers.NETDISK_PORT;
        setup(List.of("register", USER, "--server", server, "--password-stdin"));
        setup(List.of("login", USER, "--server", server, "--password-stdin"));
        setup(List.of("put", file.toString(), FILE, "--via", "tcp", "--progress", "never"));
        RunResult warmUp = run(LabCase.DEFAULTS);
        if (!warmUp.good()) {
            throw new LabException("the warm-up download from netdisk's server failed on a clean link: " + warmUp.error());
        }
    }

    private void setup(List<String> args) throws LabException {
        Outcome o = client(launcher.command(args), PASSWORD + "\n", Duration.ofMinutes(2), "setup");
        if (o.timedOut() || o.exit() != 0) {
            throw new LabException("`netdisk " + String.join(" ", args) + "` in the client's namespace failed: "
                    + o.lastWords());
        }
    }

    /** One transfer of {@code labCase}; its server must be running. */
    public RunResult run(LabCase labCase) throws LabException {
        return attempt(labCase, false).result();
    }

    /** netdisk's exit code for a transfer broken off with what arrived kept (ExitCodes.PARTIAL_KEPT). */
    private static final int PARTIAL_KEPT = 10;

    /**
     * A netdisk transfer as a user makes it on a bad link, and how many times it was resumed.
     *
     * @param result the last attempt's outcome, with the wire counted and the time summed over all
     */
    public record Resumed(RunResult result, int resumes) {}

    /**
     * One transfer of a netdisk case as a user makes it on a bad link: a run broken off with what
     * arrived kept (exit 10, "run ... --continue to resume") is continued, up to {@code resumes}
     * times. TCP at 20 % loss each way can back its retransmission timer off past the data path's
     * 120 s stall limit (seen in CI); the user's answer to that is the resume.
     */
    public Resumed runResuming(LabCase labCase, int resumes) throws LabException {
        if (!labCase.netdiskClient()) {
            throw new IllegalArgumentException(labCase + " is not a netdisk client: it cannot resume");
        }
        WireCount before = net.counters();
        Attempt a = attempt(labCase, false);
        double seconds = a.result().seconds();
        int resumed = 0;
        while (resumed < resumes && !a.result().completed() && a.exit() == PARTIAL_KEPT) {
            a = attempt(labCase, true);
            seconds += a.result().seconds();
            resumed++;
        }
        RunResult r = a.result();
        return new Resumed(new RunResult(r.completed(), r.bitExact(), seconds, r.clientCpuSeconds(),
                r.serverCpuSeconds(), net.counters().minus(before), r.retransmissions(), r.timeouts(), r.error(),
                r.bytesArrived(), r.transferMegabytesPerSecond()), resumed);
    }

    /** One client process and its exit code. */
    private record Attempt(RunResult result, int exit) {}

    /** One client process of {@code labCase}: from zero, or continuing what the last one left. */
    private Attempt attempt(LabCase labCase, boolean resume) throws LabException {
        LabProcess server = servers.process(labCase.server());
        server.checkAlive();
        Path target = clientDir.resolve(FILE);
        Path stored = servers.netdiskData().resolve(netdisk.services.storage.Storage.USERS).resolve(USER).resolve(UPLOAD);
        if (!resume) {
            clean(target);
            if (labCase.data() == Way.UP) {
                // Or a run that stored nothing would pass as bit-exact on the previous run's upload.
                deleteStored(stored);
            }
        }
        long logOffset = server.logSize();
        WireCount before = net.counters();
        double serverCpuBefore = ProcessCpu.seconds(server.pid());
        Outcome o = client(command(labCase, target, resume), null, runTimeout, labCase.id());
        WireCount wire = net.counters().minus(before);
        boolean completed = !o.timedOut() && o.exit() == 0;
        boolean bitExact = completed && sha256.equals(hashOf(labCase.data() == Way.DOWN ? target : stored));
        long retransmissions = -1;
        long timeouts = -1;
        double reported = Double.NaN;
        if (labCase.netdiskClient()) {
            reported = reportedRate(o.out());
            String serverLog = labCase.udp() && completed ? awaitTransferLine(server, logOffset) : server.logFrom(logOffset);
            retransmissions = sum(RETRANSMISSIONS, o.out()) + sum(RETRANSMISSIONS, serverLog);
            timeouts = sum(TIMEOUTS, o.out()) + sum(TIMEOUTS, serverLog);
        }
        double serverCpu = ProcessCpu.seconds(server.pid()) - serverCpuBefore;
        String error = completed ? (bitExact ? null : "arrived with a different SHA-256")
                : o.timedOut() ? "no result in " + runTimeout.toSeconds() + " s" : o.lastWords();
        long arrived = completed ? size : arrivedBytes(labCase, target);
        return new Attempt(new RunResult(completed, bitExact, o.seconds(), o.cpuSeconds(), serverCpu, wire,
                retransmissions, timeouts, error, arrived, reported), o.exit());
    }

    /**
     * The client's command line for one transfer of {@code labCase} into {@code target}; with
     * {@code resume}, the netdisk command that continues what the last one left.
     */
    private List<String> command(LabCase labCase, Path target, boolean resume) throws LabException {
        String address = net.server().ipv4();
        List<String> args = new ArrayList<>();
        switch (labCase) {
            case LOCKSTEP, WINDOWED, DEFAULTS, TCP -> {
                args.addAll(List.of("get", FILE, target.toString(), resume ? "--continue" : "--restart",
                        "--progress", "never"));
                args.addAll(labCase.netdiskFlags());
                return launcher.command(args);
            }
            case PUT_UDP, PUT_TCP -> {
                args.addAll(List.of("put", file.toString(), UPLOAD, resume ? "--continue" : "--restart",
                        "--progress", "never"));
                args.addAll(labCase.netdiskFlags());
                return launcher.command(args);
            }
            case TFTPD_HPA -> {
                return List.of(peer(Peer.CURL), "-sS", "-o", target.toString(), "--tftp-blksize", "1428",
                        "tftp://" + address + ":" + LabServers.TFTPD_HPA_PORT + "/" + FILE);
            }
            case ATFTP -> {
                return List.of(peer(Peer.ATFTP), "--option", "blksize 1428", "--option", "windowsize 64", "-g", "-r",
                        FILE, "-l", target.toString(), address, Integer.toString(LabServers.ATFTPD_PORT));
            }
            case NGINX -> {
                return List.of(peer(Peer.CURL), "-sS", "-o", target.toString(),
                        "http://" + address + ":" + LabServers.NGINX_PORT + "/" + FILE);
            }
        }
        throw new IllegalStateException("no command for " + labCase);
    }

    private static String peer(Peer peer) throws LabException {
        return peer.locate().orElseThrow(() -> new LabException(peer.missing())).toString();
    }

    /** How a client process ended. */
    private record Outcome(int exit, boolean timedOut, double seconds, double cpuSeconds, String out, String err) {

        /** The client's last line (stderr first), with its exit code. */
        String lastWords() {
            String text = (err.isBlank() ? out : err).strip();
            String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1).strip();
            String code = exit > 128 ? "killed by signal " + (exit - 128) : "exit " + exit;
            return last.isEmpty() ? code : last + " (" + code + ")";
        }
    }

    private Outcome client(List<String> command, String input, Duration limit, String label) throws LabException {
        int n = ++serial;
        Path times = workDir.resolve("times-" + n);
        Path out = logFile(n, label, "out");
        Path err = logFile(n, label, "err");
        List<String> timed = new ArrayList<>(List.of("bash", "-c", TIMED, "netdisk-lab", times.toString()));
        timed.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(Shell.in(net.client().namespace(), timed))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).directory(clientDir.toFile());
        pb.environment().putAll(clientEnv);
        long start = System.nanoTime();
        Process p;
        try {
            p = pb.start();
            try (var stdin = p.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot start `" + command.getFirst() + "`: " + e.getMessage(), e);
        }
        boolean finished;
        try {
            finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!finished) {
            kill(p);
        }
        double cpu = Double.NaN;
        try {
            if (finished && Files.exists(times)) {
                Matcher m = CHILD_TIMES.matcher(Files.readString(times).lines().skip(1).findFirst().orElse(""));
                if (m.find()) {
                    cpu = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                            + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
                }
            }
            Files.deleteIfExists(times);
            return new Outcome(finished ? p.exitValue() : -1, !finished, seconds, cpu, Files.readString(out),
                    Files.readString(err));
        } catch (IOException e) {
            throw new LabException("cannot read the client's output: " + e.getMessage(), e);
        } finally {
            if (logs == null) {
                try {
                    Files.deleteIfExists(out);
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // Temp files; the work folder goes at the end anyway.
                }
            }
        }
    }

    private Path logFile(int n, String label, String stream) {
        Path dir = logs != null ? logs : workDir;
        return dir.resolve(String.format("%04d-%s.%s", n, label, stream));
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The server's log from {@code offset}, once it holds the line of the transfer that just
     * ended: a receiver dallies after the final ACK, so its line may come after the client exits.
     */
    private static String awaitTransferLine(LabProcess server, long offset) {
        long deadline = System.currentTimeMillis() + SERVER_LOG_WAIT_MS;
        while (true) {
            String text = server.logFrom(offset);
            if (text.contains(" via udp: ") || System.currentTimeMillis() > deadline) {
                return text;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return text;
            }
        }
    }

    /** The MB/s of netdisk's summary line, or NaN. */
    static double reportedRate(String summary) {
        Matcher m = RATE.matcher(summary);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "B" -> v / 1e6;
            case "kB" -> v / 1e3;
            case "GB" -> v * 1e3;
            default -> v;
        };
    }

    private static long sum(Pattern p, String text) {
        long total = 0;
        Matcher m = p.matcher(text);
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    private void clean(Path target) throws LabException {
        try {
            Files.deleteIfExists(target);
            Files.deleteIfExists(DownloadSidecar.partFileOf(target));
            Files.deleteIfExists(DownloadSidecar.sidecarFileOf(target));
        } catch (IOException e) {
            throw new LabException("cannot clear " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteStored(Path stored) throws LabException {
        try {
            Files.deleteIfExists(stored);
        } catch (IOException e) {
            throw new LabException("cannot clear the previous upload " + stored + ": " + e.getMessage(), e);
        }
    }

    private static String hashOf(Path p) {
        try {
            return Files.isRegularFile(p) ? Sha256.of(p) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static long arrivedBytes(LabCase labCase, Path target) {
        if (labCase.data() != Way.DOWN) {
            return -1;
        }
        try {
            Path part = DownloadSidecar.partFileOf(target);
            if (Files.exists(part)) {
                return Files.size(part);
            }
            return Files.exists(target) ? Files.size(target) : 0;
        } catch (IOException e) {
            return -1;
        }
    }
}
