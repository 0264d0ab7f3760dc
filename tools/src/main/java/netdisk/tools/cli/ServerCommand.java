package netdisk.tools.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import netdisk.services.ServedTransfer;
import netdisk.services.control.ControlLimits;
import netdisk.services.discovery.DiscoverySettings;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.services.storage.Quota;
import netdisk.udp.io.TransferReactors;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TransferBudgets;
import netdisk.udp.transfer.TransferStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netdisk server}: serves the data folder until Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true, subcommands = ServerUsersCommand.class,
        description = {"Run the netdisk server: accounts and listings over TCP, transfers over UDP (TFTP-compatible) and TCP, "
                + "on one port number. The public folder is served read-only to any TFTP client."})
public final class ServerCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "netdisk-data",
            description = "Where the server keeps its data (default: ${DEFAULT-VALUE}, created if missing).")
    Path data;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface, IPv4 and IPv6 alike: the "
                    + "JDK opens one dual-stack socket for it; give ::1 or 127.0.0.1 for one family only).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "6969",
            description = "UDP port for TFTP requests (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--public", paramLabel = "DIR",
            description = "Folder served read-only to anonymous TFTP clients (default: <data>/public).")
    Path publicDir;

    @Option(names = "--quota", paramLabel = "SIZE",
            description = "Most bytes each user may store, e.g. 10GiB (default: no limit). Uploads beyond it are "
                    + "refused before any data moves, and the old file stays.")
    String quota;

    @Option(names = "--no-flow",
            description = "Do not grant netdisk's flow mode: every UDP transfer is plain RFC 1350/7440.")
    boolean noFlow;

    @Option(names = "--single-port",
            description = "Answer every UDP transfer from the --port itself instead of a new port per transfer, told "
                    + "apart by the client's address and port (as dnsmasq's --tftp-single-port): for NAT, containers and "
                    + "firewalls that let one UDP port through. Stock TFTP clients work with it. Each transfer then runs "
                    + "on a thread of its own (--reactors does not apply).")
    boolean singlePort;

    @Option(names = "--give-up", paramLabel = "SECONDS", defaultValue = "30",
            description = "End a UDP transfer whose client stays silent this long, 1..3600 s (default: ${DEFAULT-VALUE}).")
    int giveUp;

    @Option(names = "--max-transfers", paramLabel = "N", defaultValue = "512",
            description = "UDP transfers at once, 1..65536 (default: ${DEFAULT-VALUE}). When all are taken, one whose "
                    + "client never answered gives way; if none, a new request is told the server is busy.")
    int maxTransfers;

    @Option(names = "--max-transfers-per-address", paramLabel = "N",
            description = "UDP transfers at once from one client address, 1..--max-transfers (default: "
                    + "128, or --max-transfers if lower).")
    Integer maxTransfersPerAddress;

    @Option(names = "--reactors", paramLabel = "N",
            description = "Threads that run UDP transfers, each serving many from one selector, 0..64 (default: one "
                    + "per CPU, at most 16). 0 runs each transfer on a thread of its own, as before.")
    Integer reactors;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "256",
            description = "TCP control connections at once, 1..65536 (default: ${DEFAULT-VALUE}). When all are taken, "
                    + "the one idle longest gives way to a newcomer.")
    int maxConnections;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "TCP control connections at once from one client address, 1..--max-connections (default: "
                    + "64, or --max-connections if lower).")
    Integer maxConnectionsPerAddress;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The name `netdisk discover` shows and `--server NAME` finds, 1..64 bytes (default: the host "
                    + "name).")
    String name;

    @Option(names = "--no-discovery",
            description = "Do not answer LAN discovery (`netdisk discover`) on the port; transfers are served as before.")
    boolean noDiscovery;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    /** Released by tests (or a shutdown hook) to stop the server. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Released once the server has closed: a Ctrl-C hook waits for it so transfers can finish. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    volatile InetSocketAddress boundAddress;
    /** Released once the server listens (tests wait on it instead of polling). */
    final CountDownLatch listening = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try {
            return serve();
        } finally {
            stopped.countDown();
        }
    }

    private int serve() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        if (publicDir != null && !Files.isDirectory(publicDir)) {
            throw new java.nio.file.NoSuchFileException(publicDir.toAbsolutePath().toString(), null,
                    "--public must be an existing folder");
        }
        java.time.Duration silence;
        try {
            silence = GiveUp.parse("--give-up", giveUp);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        TransferBudgets budgets = budgetsOrUsage();
        int reactorThreads = reactors == null ? TransferReactors.DEFAULT_COUNT : reactors;
        if (reactorThreads < 0 || reactorThreads > 64) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--reactors must be 0..64, got " + reactorThreads);
        }
        ControlLimits controlLimits = controlLimitsOrUsage();
        long quotaBytes = quotaBytesOrUsage();
        DiscoverySettings discovery = discoveryOrUsage();
        NetdiskServerConfig config = NetdiskServerConfig.defaults(data)
                .withPublicFolder(publicDir)
                .withQuota(quotaBytes < 0 ? Quota.NONE : Quota.everyUser(quotaBytes))
                .withAddress(InetAddress.getByName(host), port)
                .withUdp(udp -> udp.flowMode(!noFlow).giveUp(silence)
                        .budgets(budgets).reactors(reactorThreads).singlePort(singlePort))
                .withTransfers(transfer -> log(out, transfer))
                .withControlLimits(controlLimits)
                .withDiscovery(discovery);
        try (NetdiskServer server = NetdiskServer.start(config)) {
            boundAddress = server.udpAddress();
            String connect = HostPort.forClients(server.udpAddress()).toString();
            out.printf("netdisk server listening on %s (UDP transfers%s, TCP control)%n", describe(server.udpAddress()),
                    server.singlePort() ? " in single-port mode: every transfer from this port" : "");
            out.printf("  data:     %s%n", server.dataFolder());
            out.printf("  users:    %s (%d registered)%n", server.registryFile(), server.registeredUsers());
            out.printf("  public:   %s (read-only, anonymous TFTP)%n", server.publicFolder());
            if (quotaBytes >= 0) {
                out.printf("  quota:    %s per user%n", Units.bytes(quotaBytes));
            }
            out.printf("  discovery: %s%n", server.discovery()
                    .map(d -> "answers as '" + d.name() + "' (netdisk discover; --no-discovery turns it off)")
                    .orElse("off"));
            out.printf("  connect:  ./netdisk register NAME --server %s   then   ./netdisk login NAME --server %s%n",
                    connect, connect);
            out.printf("  tftp:     curl -o FILE tftp://%s/FILE   or   ./netdisk tftp get %s FILE%n", connect, connect);
            String nameCharset = System.getProperty("sun.jnu.encoding", "");
            if (!nameCharset.equalsIgnoreCase("UTF-8")) {
                // ./netdisk sets a UTF-8 locale; a JVM started some other way may not have one.
                out.printf("  warning:  file names are %s here (the locale's charset), not UTF-8: names outside it "
                        + "are refused; start with LC_ALL=C.UTF-8%n", nameCharset.isEmpty() ? "unknown" : nameCharset);
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            listening.countDown();
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(ServerConfig.DEFAULT_SHUTDOWN_GRACE.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "netdisk-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the JVM is already running the hook; closing below finishes the job.
                }
                out.println("stopping: letting running transfers finish ...");
                out.flush();
            }
        }
        out.println("stopped.");
        out.flush();
        return ExitCodes.OK;
    }

    /** --max-transfers and --max-transfers-per-address over the engine's other defaults. */
    private TransferBudgets budgetsOrUsage() {
        TransferBudgets budgets = TransferBudgets.DEFAULT.withMaxTransfers(
                oneTo(65536, "", "--max-transfers", maxTransfers));
        return maxTransfersPerAddress == null ? budgets : budgets.withMaxPerAddress(
                oneTo(maxTransfers, " (--max-transfers)", "--max-transfers-per-address", maxTransfersPerAddress));
    }

    /** --max-connections and --max-connections-per-address over the control channel's other defaults. */
    private ControlLimits controlLimitsOrUsage() {
        ControlLimits limits = ControlLimits.defaults().withMaxConnections(
                oneTo(65536, "", "--max-connections", maxConnections));
        return maxConnectionsPerAddress == null ? limits : limits.withMaxPerAddress(oneTo(maxConnections,
                " (--max-connections)", "--max-connections-per-address", maxConnectionsPerAddress));
    }

    /** {@code value} when it is 1..{@code max}; otherwise a usage error naming {@code option} and the bound. */
    private int oneTo(int max, String whatMaxIs, String option, int value) {
        if (value < 1 || value > max) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    option + " must be 1.." + max + whatMaxIs + ", got " + value);
        }
        return value;
    }

    /** --name and --no-discovery. */
    private DiscoverySettings discoveryOrUsage() {
        try {
            return DiscoverySettings.defaults().withEnabled(!noDiscovery).withName(name)
                    .withVersion(new Version().softwareVersion());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--name: " + e.getMessage());
        }
    }

    /** The --quota in bytes, or -1 without one. */
    private long quotaBytesOrUsage() {
        if (quota == null) {
            return -1;
        }
        try {
            long bytes = Units.parseSize(quota);
            if (bytes < 0) {
                throw new IllegalArgumentException("a quota cannot be negative: " + quota);
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--quota: " + e.getMessage());
        }
    }

    private static String describe(InetSocketAddress address) {
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return "port " + address.getPort() + " on all interfaces";
        }
        return HostPort.of(address).toString();
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One line per file served, the same for both paths; UDP adds what the engine counted. */
    private static void log(PrintWriter out, ServedTransfer t) {
        String verb = t.direction() == ServedTransfer.Direction.GET ? "get" : "put";
        StringBuilder line = new StringBuilder().append(LocalTime.now().format(TIME)).append(' ')
                .append(HostPort.of(t.client())).append(' ').append(verb).append(' ').append(t.file())
                .append(" via ").append(t.transport().name().toLowerCase(Locale.ROOT)).append(": ");
        if (t.succeeded()) {
            line.append(Units.bytes(t.bytes())).append(" in ").append(Units.duration(t.elapsed()))
                    .append(" (").append(Units.rate(t.bytesPerSecond())).append(')');
            t.udpStatistics().ifPresent(s -> appendCounts(line, s));
        } else {
            line.append("failed");
            if (t.bytes() > 0) {
                line.append(" after ").append(Units.bytes(t.bytes()));
            }
            line.append(": ").append(t.failure());
        }
        // Transfers finish on their own threads: one line at a time.
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static void appendCounts(StringBuilder line, TransferStatistics s) {
        line.append(", ").append(Units.count(s.retransmissions(), "retransmission"))
                .append(", ").append(Units.count(s.timeouts(), "timeout"));
        if (s.sendFailures() > 0) {
            line.append(", ").append(Units.count(s.sendFailures(), "send")).append(" refused locally");
        }
        if (s.peerResent() >= 0) {
            line.append(", ").append(Units.count(s.peerResent(), "block")).append(" resent by the client");
        }
    }
}
