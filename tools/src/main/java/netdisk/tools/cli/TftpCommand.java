package netdisk.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.packet.TransferMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netdisk tftp get|put}: a plain TFTP client for any RFC 1350 server. */
@Command(name = "tftp", mixinStandardHelpOptions = true,
        description = "A plain TFTP client for any RFC 1350 server (tftpd-hpa, netdisk, routers, PXE servers).",
        subcommands = {TftpCommand.Get.class, TftpCommand.Put.class})
public final class TftpCommand implements Runnable {

    /** Standard TFTP port (RFC 1350); netdisk's own server listens on 6969 by default. */
    static final int TFTP_PORT = 69;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say 'get' or 'put'");
    }

    /** Options shared by get and put. */
    static final class TransferFlags {
        @Option(names = "--blksize", paramLabel = "N",
                description = "Block size to ask for, 8..65464 (default: 1428; 512 without options).")
        Integer blksize;

        @Option(names = "--windowsize", paramLabel = "N",
                description = "Blocks per ACK to ask for, 1..65535 (RFC 7440; default: 16; 1 is lockstep).")
        Integer windowsize;

        @Option(names = "--timeout", paramLabel = "SECONDS",
                description = "Retransmission timeout ceiling to ask for, 1..255 s (RFC 2349).")
        Integer timeout;

        @Option(names = "--give-up", paramLabel = "SECONDS",
                description = "End the transfer when the server stays silent this long, 1..3600 s (default: 30; an unanswered request: half).")
        Integer giveUp;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "octet",
                description = "octet or netascii (text with local LF line ends; default: ${DEFAULT-VALUE}).")
        String mode;

        @Option(names = "--flow",
                description = "Also ask for netdisk's flow mode (octet; a netdisk server grants it, others ignore it).")
        boolean flow;

        @Option(names = "--no-options",
                description = "Send a plain RFC 1350 request without any option (512-byte lockstep).")
        boolean noOptions;

        @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
        boolean quiet;

        @Option(names = "--verbose", description = "Print stack traces of errors.")
        boolean verbose;

        TransferOptions toOptions() {
            TransferMode m = TransferMode.parse(mode);
            if (m == null || m == TransferMode.MAIL) {
                throw new IllegalArgumentException("--mode must be octet or netascii, got " + mode);
            }
            TransferOptions options = noOptions ? TransferOptions.plain() : TransferOptions.defaults();
            options = options.withMode(m);
            if (blksize != null) {
                options = options.withBlockSize(blksize);
            }
            if (windowsize != null) {
                options = options.withWindowSize(windowsize);
            }
            if (timeout != null) {
                options = options.withTimeoutSeconds(timeout);
            }
            if (flow && !noOptions) {
                options = options.withFlowMode(true);
            }
            if (giveUp != null) {
                options = options.withRetransmit(options.retransmit().withGiveUp(GiveUp.parse("--give-up", giveUp)));
            }
            return options;
        }
    }

    static void summary(PrintWriter out, String verb, String name, TransferResult r) {
        var s = r.statistics();
        String engine = netdisk.udp.flow.FlowMode.granted(r.acknowledged())
                ? "flow mode"
                : "windowsize " + r.parameters().windowSize();
        out.printf("%s %s: %s in %s (%s), blksize %d, %s, %s, %s%s%s%n", verb, name,
                Units.bytes(s.bytes()), Units.duration(s.elapsed()), Units.rate(s.bytesPerSecond()),
                r.parameters().blockSize(), engine, Units.count(s.retransmissions(), "retransmission"),
                Units.count(s.timeouts(), "timeout"),
                (s.sendFailures() > 0 ? ", " + Units.count(s.sendFailures(), "send") + " refused locally" : "")
                        + (s.peerResent() >= 0 ? ", " + Units.count(s.peerResent(), "block") + " resent by the peer" : ""),
                r.fellBack() ? " (server refused options; plain RFC 1350 used)" : "");
        out.flush();
    }

    static TransferOptions optionsOrUsage(TransferFlags flags, picocli.CommandLine cli) {
        try {
            return flags.toOptions();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    static HostPort serverOrUsage(String text, picocli.CommandLine cli) {
        try {
            return HostPort.parse(text, TFTP_PORT);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    /** {@code netdisk tftp get HOST[:PORT] FILE [LOCAL]}. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Download FILE from a TFTP server.")
    static final class Get implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The server (default port 69).")
        String server;

        @Parameters(index = "1", paramLabel = "FILE", description = "Name of the file on the server.")
        String file;

        @Parameters(index = "2", arity = "0..1", paramLabel = "LOCAL",
                description = "Where to save it (default: the last part of FILE, in the current folder).")
        Path local;

        @Mixin
        TransferFlags flags = new TransferFlags();

        @Override
        public Integer call() throws Exception {
            TransferOptions options = optionsOrUsage(flags, spec.commandLine());
            HostPort hp = serverOrUsage(server, spec.commandLine());
            Path target = local != null ? local : Path.of(file.substring(file.lastIndexOf('/') + 1));
            if (Files.isDirectory(target)) {
                target = target.resolve(file.substring(file.lastIndexOf('/') + 1));
            }
            TransferResult result = new TftpClient().get(hp.resolve(), file, target, options);
            if (!flags.quiet) {
                summary(spec.commandLine().getOut(), "got", file + " -> " + target, result);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code netdisk tftp put HOST[:PORT] FILE [REMOTE]}. */
    @Command(name = "put", mixinStandardHelpOptions = true, description = "Upload a local FILE to a TFTP server.")
    static final class Put implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The server (default port 69).")
        String server;

        @Parameters(index = "1", paramLabel = "FILE", description = "The local file to send.")
        Path file;

        @Parameters(index = "2", arity = "0..1", paramLabel = "REMOTE",
                description = "Name on the server (default: FILE's name).")
        String remote;

        @Mixin
        TransferFlags flags = new TransferFlags();

        @Override
        public Integer call() throws Exception {
            TransferOptions options = optionsOrUsage(flags, spec.commandLine());
            HostPort hp = serverOrUsage(server, spec.commandLine());
            String name = remote != null ? remote : file.getFileName().toString();
            TransferResult result = new TftpClient().put(hp.resolve(), file, name, options);
            if (!flags.quiet) {
                summary(spec.commandLine().getOut(), "put", file + " -> " + name, result);
            }
            return ExitCodes.OK;
        }
    }
}
