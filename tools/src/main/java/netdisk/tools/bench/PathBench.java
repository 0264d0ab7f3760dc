package netdisk.tools.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import netdisk.services.Sha256;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.TransferProgress;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.TransferSummary;
import netdisk.services.client.Via;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.tools.cli.Units;
import org.jfree.chart.JFreeChart;

/**
 * UDP against TCP on the same file: an in-process netdisk server on loopback, and netdisk's client
 * moving one random file over each data path, lockstep and windowed UDP at several block sizes,
 * downloads and uploads.
 *
 * <p>A get is timed from the moment the client starts moving data (after the {@code stat} that
 * every get makes first) until the last byte is in the local file; the client's SHA-256 check
 * that follows is the same for both paths and not counted. A put is timed until the server has
 * confirmed the stored file's size and SHA-256: over TCP that is the upload's answer (the server
 * hashes while it receives), over UDP the {@code stat} after the final ACK (the server hashes
 * then), so both include the server's hashing, each as its path does it. Each run starts fresh: the
 * previous copy and any partial download are deleted, so nothing is resumed. Only verified runs
 * count (the client checks every file's SHA-256 against the server's); a failed run is reported
 * and left out. A first transfer over each path is a warm-up, so the JIT has compiled both
 * paths before anything is measured.
 */
public final class PathBench {

    /** Which way the file goes, seen from the client. */
    public enum Direction {
        GET,
        PUT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One case.
     *
     * @param blockSize UDP blksize (0 over TCP)
     * @param windowSize UDP windowsize, 1 = lockstep (0 over TCP)
     */
    public record Case(Direction direction, Via via, int blockSize, int windowSize) {

        public static Case udp(Direction direction, int blockSize, int windowSize) {
            return new Case(direction, Via.UDP, blockSize, windowSize);
        }

        public static Case tcp(Direction direction) {
            return new Case(direction, Via.TCP, 0, 0);
        }

        /** "UDP lockstep", "UDP windowed" or "TCP". */
        public String path() {
            return via == Via.TCP ? "TCP" : windowSize == 1 ? "UDP lockstep" : "UDP windowed";
        }

        public String label() {
            return via == Via.TCP ? direction.label() + "  TCP"
                    : String.format(Locale.ROOT, "%s  %s  blksize %d  window %d", direction.label(), path(), blockSize,
                            windowSize);
        }

        /** Shorter, for the chart, where the colour already tells lockstep from windowed. */
        public String shortLabel() {
            return via == Via.TCP ? direction.label() + " TCP"
                    : String.format(Locale.ROOT, "%s UDP blksize %d w %d", direction.label(), blockSize, windowSize);
        }

        TransferSettings settings() {
            return new TransferSettings(via, blockSize, windowSize);
        }
    }

    /**
     * One measured case.
     *
     * @param attempted runs tried; {@code rates.count()} of them were verified
     * @param retransmissions UDP packets the client sent again, over all verified runs: DATA blocks
     *     on a put, ACKs on a get (the server's resent DATA is not seen here); 0 over TCP
     * @param timeouts the client's UDP timer expiries, over all verified runs: retransmissions that
     *     cost a wait (a put's other resends answer an ACK that showed a gap)
     */
    public record Row(Case bench, Rates rates, int attempted, long retransmissions, long timeouts) {}

    private static final String USER = "bench";
    private static final char[] PASSWORD = "bench-password".toCharArray();
    private static final String DOWNLOADED = "bench.bin";
    private static final String UPLOADED = "upload.bin";

    private final long size;
    private final int runs;
    private final List<Integer> blockSizes;
    private final int window;
    private final PrintWriter out;

    public PathBench(long size, int runs, List<Integer> blockSizes, int window, PrintWriter out) {
        if (size < 1 || runs < 1 || blockSizes.isEmpty() || window < 2) {
            throw new IllegalArgumentException("size >= 1, runs >= 1, a block size and a window >= 2 are needed");
        }
        this.size = size;
        this.runs = runs;
        this.blockSizes = List.copyOf(blockSizes);
        this.window = window;
        this.out = out;
        blockSizes.forEach(bs -> new TransferSettings(Via.UDP, bs, window)); // RFC ranges, checked up front
    }

    /**
     * What will be measured, in table order: downloads lockstep and windowed at each block size,
     * then over TCP; uploads windowed at each block size, then over TCP.
     */
    public List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int bs : blockSizes) {
            cases.add(Case.udp(Direction.GET, bs, 1));
            cases.add(Case.udp(Direction.GET, bs, window));
        }
        cases.add(Case.tcp(Direction.GET));
        for (int bs : blockSizes) {
            cases.add(Case.udp(Direction.PUT, bs, window));
        }
        cases.add(Case.tcp(Direction.PUT));
        return cases;
    }

    public List<Row> run() throws IOException {
        Path dir = Files.createTempDirectory("netdisk-bench-");
        try {
            Path source = dir.resolve("source.bin");
            BenchFiles.writeRandom(source, size);
            String expected = Sha256.of(source);
            NetdiskServerConfig config = NetdiskServerConfig.defaults(dir.resolve("data"))
                    .withAddress(InetAddress.getLoopbackAddress(), 0)
                    .withAccounts(AccountSettings.defaults().withIterations(10_000)); // a bench user, not a secret
            try (NetdiskServer server = NetdiskServer.start(config);
                    NetdiskClient client = NetdiskClient.connect(server.controlAddress())) {
                client.register(USER, PASSWORD);
                String token = client.login(USER, PASSWORD).token();
                client.put(token, source, DOWNLOADED, Case.tcp(Direction.PUT).settings(), null);
                Runner runner = new Runner(client, token, source, dir.resolve("copy.bin"), expected);
                out.printf(Locale.ROOT, "file: %s (%d bytes), %d run(s) per case (median), loopback, server port %d%n",
                        Units.bytes(size), size, runs, server.controlAddress().getPort());
                out.flush();
                for (Case warmUp : List.of(Case.udp(Direction.GET, blockSizes.getFirst(), window), Case.tcp(Direction.GET),
                        Case.udp(Direction.PUT, blockSizes.getFirst(), window), Case.tcp(Direction.PUT))) {
                    runner.once(warmUp);
                }
                List<Row> rows = new ArrayList<>();
                for (Case c : cases()) {
                    rows.add(measure(runner, c));
                }
                return rows;
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private Row measure(Runner runner, Case c) {
        double[] rates = new double[runs];
        int verified = 0;
        long retransmissions = 0;
        long timeouts = 0;
        for (int i = 0; i < runs; i++) {
            try {
                Sample sample = runner.once(c);
                rates[verified++] = Rates.mbps(size, sample.nanos());
                retransmissions += sample.retransmissions();
                timeouts += sample.timeouts();
            } catch (IOException e) {
                out.printf(Locale.ROOT, "  %s: run %d failed, not counted: %s%n", c.label(), i + 1, e.getMessage());
            }
        }
        Row row = new Row(c, Rates.of(Arrays.copyOf(rates, verified)), runs, retransmissions, timeouts);
        out.printf(Locale.ROOT, "  %-46s %8s MB/s%n", c.label(), mbps(row.rates().median()));
        out.flush();
        return row;
    }

    /** The table: one line per case. */
    public static BenchTable table(List<Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        for (Row r : rows) {
            Case c = r.bench();
            boolean tcp = c.via() == Via.TCP;
            Rates rates = r.rates();
            cells.add(List.of(c.direction().label(), c.path(), tcp ? "–" : Integer.toString(c.blockSize()),
                    tcp ? "–" : Integer.toString(c.windowSize()), mbps(rates.median()),
                    rates.count() == 0 ? "–" : mbps(rates.min()) + "–" + mbps(rates.max()),
                    tcp ? "–" : r.retransmissions() + " (" + r.timeouts() + ")", rates.count() + "/" + r.attempted()));
        }
        return new BenchTable(List.of("direction", "path", "blksize", "windowsize", "MB/s (median)", "min–max",
                "retransmissions (timeouts)", "verified runs"),
                BenchTable.flags(false, false, true, true, true, true, true, true), cells);
    }

    /** The medians as a bar chart, coloured by path (the table beside it has the ranges). */
    public static JFreeChart chart(List<Row> rows, long size, int runs) {
        List<Charts.Bar> bars = rows.stream()
                .map(r -> new Charts.Bar(r.bench().shortLabel(), r.bench().path(), r.rates().median())).toList();
        String title = String.format(Locale.ROOT, "netdisk on loopback, UDP against TCP: %s, median of %d run(s)",
                Units.bytes(size), runs);
        return Charts.bars(title, "loopback's 64 KiB MTU flatters large blocks; min–max in the table",
                "MB/s (10^6 bytes per second)", bars);
    }

    private static String mbps(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private record Sample(long nanos, long retransmissions, long timeouts) {}

    /** Does one verified transfer of a case. */
    private record Runner(NetdiskClient client, String token, Path source, Path copy, String expected) {

        Sample once(Case c) throws IOException {
            Stopwatch watch = new Stopwatch();
            TransferSummary summary;
            if (c.direction() == Direction.GET) {
                Files.deleteIfExists(copy);
                NetdiskClient.discardPartial(copy); // a fresh download every run, never a resumed one
                summary = client.get(token, DOWNLOADED, copy, c.settings(), watch);
            } else {
                summary = client.put(token, source, UPLOADED, c.settings(), null);
            }
            if (!expected.equals(summary.sha256())) {
                throw new IOException("SHA-256 " + summary.sha256() + " is not the source's " + expected);
            }
            long nanos = c.direction() == Direction.PUT ? summary.elapsed().toNanos() : watch.nanos();
            return new Sample(nanos, summary.retransmissions(), summary.timeouts());
        }
    }

    /** From the start of the data to the progress report that the last byte arrived. */
    private static final class Stopwatch implements TransferProgress {
        private long start;
        private long end;
        private long total = -1;

        @Override
        public void started(long totalBytes, long startingAt) {
            start = System.nanoTime();
            total = totalBytes;
        }

        @Override
        public void advanced(long done) {
            if (end == 0 && total >= 0 && done >= total) {
                end = System.nanoTime();
            }
        }

        long nanos() {
            return (end == 0 ? System.nanoTime() : end) - start;
        }
    }
}
