package netdisk.tools.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import netdisk.services.Sha256;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.server.FileRoot;
import netdisk.udp.server.RootFolderHandler;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TftpServer;

/**
 * Downloads one file from our server with our client, and from tftpd-hpa (and from our server)
 * with curl, on loopback, at several block sizes, lockstep and windowed; prints MB/s side by side.
 *
 * <p>Every download is checked against the file's SHA-256. Our client runs in this JVM (after a
 * warm-up download, so the JIT has compiled the engine); curl runs as a process, timed from
 * start to exit. Loopback's MTU is 64 KiB, so large block sizes look better here than on a real
 * Ethernet link, where a 65464-byte block is 45 IP fragments.
 */
public final class PeerBench {

    /** One measured case. */
    public record Row(String client, String server, int blockSize, int windowSize, double medianMBps,
            double minMBps, double maxMBps, long retransmissions, String note) {}

    private final long size;
    private final int runs;
    private final int[] blockSizes;
    private final int window;
    private final PrintWriter out;

    public PeerBench(long size, int runs, int[] blockSizes, int window, PrintWriter out) {
        this.size = size;
        this.runs = runs;
        this.blockSizes = blockSizes;
        this.window = window;
        this.out = out;
    }

    public List<Row> run() throws Exception {
        Path dir = Files.createTempDirectory("netdisk-bench-");
        try {
            Path file = dir.resolve("bench.bin");
            BenchFiles.writeRandom(file, size);
            String expected = Sha256.of(file);
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(dir), false))
                    .bind(new InetSocketAddress(loopback, 0)).build();
            Optional<Path> curl = find("curl");
            Optional<Path> tftpd = find("in.tftpd");
            List<Row> rows = new ArrayList<>();
            try (TftpServer ours = TftpServer.start(config); Daemon hpa = tftpd.isPresent() ? Daemon.tftpdHpa(tftpd.get(), dir) : null) {
                out.printf(Locale.ROOT, "file: %d bytes, %d runs per case (median), loopback%n", size, runs);
                if (curl.isEmpty()) {
                    out.println("curl not found: curl rows skipped (apt-get install curl)");
                }
                if (hpa == null) {
                    out.println("in.tftpd not found: tftpd-hpa rows skipped (apt-get install tftpd-hpa)");
                }
                out.flush();
                Path target = dir.resolve("download.bin");
                warmUp(ours.localAddress(), target);
                for (int bs : blockSizes) {
                    rows.add(ours("netdisk", ours.localAddress(), bs, 1, target, expected));
                    rows.add(ours("netdisk", ours.localAddress(), bs, window, target, expected));
                    if (curl.isPresent() && hpa != null) {
                        rows.add(curl(curl.get(), "tftpd-hpa", hpa.address(), bs, target, expected));
                    }
                    if (curl.isPresent()) {
                        rows.add(curl(curl.get(), "netdisk", ours.localAddress(), bs, target, expected));
                    }
                }
            }
            return rows;
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private void warmUp(InetSocketAddress server, Path target) throws IOException {
        TftpClient client = new TftpClient();
        client.get(server, "bench.bin", target, TransferOptions.defaults().withWindowSize(window));
        client.get(server, "bench.bin", target, TransferOptions.plain());
    }

    private Row ours(String serverName, InetSocketAddress server, int blockSize, int windowSize, Path target,
            String expected) throws IOException {
        TransferOptions options = TransferOptions.plain().withAskSize(true);
        if (blockSize != 512) {
            options = options.withBlockSize(blockSize);
        }
        if (windowSize > 1) {
            options = options.withWindowSize(windowSize);
        }
        TftpClient client = new TftpClient();
        double[] rates = new double[runs];
        long retransmissions = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            TransferResult r = client.get(server, "bench.bin", target, options);
            long elapsed = System.nanoTime() - t0;
            rates[i] = Rates.mbps(size, elapsed);
            retransmissions += r.statistics().retransmissions();
            if (i == 0) {
                verify(target, expected);
            }
        }
        return row("netdisk", serverName, blockSize, windowSize, rates, retransmissions, "");
    }

    private Row curl(Path curl, String serverName, InetSocketAddress server, int blockSize, Path target,
            String expected) throws Exception {
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            Files.deleteIfExists(target);
            List<String> command = List.of(curl.toString(), "-s", "-S", "-o", target.toString(), "--tftp-blksize",
                    Integer.toString(blockSize), "tftp://127.0.0.1:" + server.getPort() + "/bench.bin");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("curl timed out: " + command);
            }
            long elapsed = System.nanoTime() - t0;
            String output = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) {
                throw new IOException("curl failed (" + p.exitValue() + "): " + output.trim());
            }
            rates[i] = Rates.mbps(size, elapsed);
            if (i == 0) {
                verify(target, expected);
            }
        }
        return row("curl", serverName, blockSize, 1, rates, -1, "");
    }

    private Row row(String client, String server, int bs, int w, double[] rates, long retransmissions, String note) {
        Rates r = Rates.of(rates);
        Row row = new Row(client, server, bs, w, r.median(), r.min(), r.max(), retransmissions, note);
        out.printf(Locale.ROOT, "  %-8s <- %-9s blksize %5d  window %2d  %8.1f MB/s%n", client, server, bs, w,
                row.medianMBps());
        out.flush();
        return row;
    }

    /** The table in Markdown, for docs/benchmarks.md. */
    public static String markdown(List<Row> rows) {
        List<List<String>> cells = rows.stream().map(r -> List.of(r.client(), r.server(),
                Integer.toString(r.blockSize()), Integer.toString(r.windowSize()),
                String.format(Locale.ROOT, "%.1f", r.medianMBps()),
                String.format(Locale.ROOT, "%.1f–%.1f", r.minMBps(), r.maxMBps()),
                r.retransmissions() < 0 ? "–" : Long.toString(r.retransmissions()))).toList();
        return new BenchTable(List.of("client", "server", "blksize", "windowsize", "MB/s (median)", "min–max",
                "retransmissions"), BenchTable.flags(false, false, true, true, true, true, true), cells).markdown();
    }

    private static void verify(Path file, String expected) throws IOException {
        String actual = Sha256.of(file);
        if (!actual.equals(expected)) {
            throw new IOException("downloaded file differs from the original (SHA-256 " + actual + " != " + expected + ")");
        }
    }

    static Optional<Path> find(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** tftpd-hpa in the foreground on a free loopback port, stopped on close. */
    record Daemon(Process process, InetSocketAddress address) implements AutoCloseable {
        static Daemon tftpdHpa(Path program, Path root) throws IOException, InterruptedException {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
            String user = System.getProperty("user.name");
            Process p = new ProcessBuilder(program.toString(), "-L", "-s", root.toString(), "-a", "127.0.0.1:" + port,
                    "-u", user).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300);
            if (!p.isAlive()) {
                throw new IOException("in.tftpd exited at once (exit " + p.exitValue() + ")");
            }
            return new Daemon(p, new InetSocketAddress("127.0.0.1", port));
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
