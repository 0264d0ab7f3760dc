package netdisk.tools.cli;

import java.util.List;
import java.util.concurrent.Callable;
import netdisk.tools.bench.PeerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netdisk bench}: measured transfers on loopback. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on loopback.",
        subcommands = {BenchCommand.Peers.class})
public final class BenchCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say which bench: peers");
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
