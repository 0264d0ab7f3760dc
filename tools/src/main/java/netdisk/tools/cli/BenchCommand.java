package netdisk.tools.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import netdisk.tools.bench.Charts;
import netdisk.tools.bench.PathBench;
import netdisk.tools.bench.PeerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netdisk bench}: measured transfers on loopback. Alone it compares netdisk's UDP path
 * with its TCP path on the same file (design §1); {@code bench peers} compares the TFTP engine
 * with stock peers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"UDP against TCP on the same file: starts a netdisk server on loopback in a temp folder, "
                + "then downloads (lockstep and windowed, at each block size, and over TCP) and uploads (windowed "
                + "and over TCP) with netdisk's client; prints MB/s per case.",
                "`bench peers` compares netdisk's TFTP engine with tftpd-hpa and curl."},
        subcommands = {BenchCommand.Peers.class, BenchLabCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", defaultValue = "64MiB", description = "File size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--runs", defaultValue = "3",
            description = "Verified runs per case; the median and the range are reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--blksize", split = ",", defaultValue = "512,1428,8192,65464",
            description = "UDP block sizes to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> blockSizes;

    @Option(names = "--windowsize", defaultValue = "64",
            description = "Window of the windowed UDP rows, 2..65535 (default: ${DEFAULT-VALUE}; the server allows 64).")
    int window;

    @Option(names = "--markdown", description = "Also print the table in Markdown.")
    boolean markdown;

    @Option(names = "--chart", paramLabel = "FILE.svg|FILE.png", description = "Also write the medians as a bar chart (SVG or PNG, by the name's ending).")
    Path chart;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 50) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--runs must be 1..50");
        }
        if (chart != null && !chart.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.(svg|png)")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--chart must name a .svg or .png file: " + chart);
        }
        long bytes;
        PathBench bench;
        try {
            bytes = Units.parseSize(size);
            bench = new PathBench(bytes, runs, blockSizes, window, spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        var out = spec.commandLine().getOut();
        List<PathBench.Row> rows = bench.run();
        out.println();
        out.print(PathBench.table(rows).text());
        if (markdown) {
            out.println();
            out.print(PathBench.table(rows).markdown());
        }
        if (chart != null) {
            Charts.writeByExtension(PathBench.chart(rows, bytes, runs), chart, 1000, 120 + 26 * rows.size());
            out.println("chart: " + chart);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** netdisk's TFTP engine against tftpd-hpa and curl. */
    @Command(name = "peers", mixinStandardHelpOptions = true,
            description = "Download one file from netdisk (our client) and from tftpd-hpa (curl), lockstep and "
                    + "windowed, at several block sizes; print MB/s side by side.")
    static final class Peers implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--size", defaultValue = "64MiB", description = "File size (default: ${DEFAULT-VALUE}).")
        String size;

        @Option(names = "--runs", defaultValue = "3", description = "Runs per case; the median is reported (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--blksize", split = ",", defaultValue = "512,1428,65464",
                description = "Block sizes to measure (default: ${DEFAULT-VALUE}).")
        List<Integer> blockSizes;

        @Option(names = "--windowsize", defaultValue = "64", description = "Window of the windowed rows (default: ${DEFAULT-VALUE}).")
        int window;

        @Option(names = "--markdown", description = "Also print the table in Markdown.")
        boolean markdown;

        @Override
        public Integer call() throws Exception {
            if (runs < 1 || runs > 50) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--runs must be 1..50");
            }
            long bytes = Units.parseSize(size);
            var out = spec.commandLine().getOut();
            List<PeerBench.Row> rows = new PeerBench(bytes, runs, blockSizes.stream().mapToInt(Integer::intValue).toArray(),
                    window, out).run();
            if (markdown) {
                out.println();
                out.print(PeerBench.markdown(rows));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
