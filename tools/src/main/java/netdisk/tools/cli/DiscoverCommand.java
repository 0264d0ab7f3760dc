package netdisk.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import netdisk.services.discovery.DiscoveredServer;
import netdisk.services.discovery.Discovery;
import netdisk.services.discovery.DiscoveryTargets;
import netdisk.services.server.NetdiskServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netdisk discover}: the netdisk servers on the LAN that answer within a short wait. */
@Command(name = "discover", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List the netdisk servers on your links: asks by IPv4 broadcast and IPv6 multicast (ff02::1) "
                + "on the port, twice, and lists who answered within the wait: name, addresses, port, version, "
                + "whether the public folder is on.",
                "--to asks those addresses only (loopback, a server behind a router). `--server NAME` in other "
                        + "commands finds a server by this name when DNS does not know it.",
                "--json prints {\"servers\":[{\"name\":..,\"id\":..,\"addresses\":[..],\"port\":..,\"protocol\":..,"
                        + "\"version\":..,\"public\":true|false}]}."})
final class DiscoverCommand implements Callable<Integer> {

    /**
     * Made on first use, not when the class loads (see LsCommand).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1000",
            description = "How long to wait for answers, 100..10000 ms (default: ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + NetdiskServerConfig.DEFAULT_PORT,
            description = "The servers' port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--to", paramLabel = "ADDR",
            description = "Ask this address instead of broadcasting (repeatable): 127.0.0.1, a unicast address, "
                    + "a directed broadcast.")
    List<String> to = new ArrayList<>();

    @Option(names = {"-4", "--ipv4"}, description = "On the links, ask by IPv4 broadcast only.")
    boolean ipv4Only;

    @Option(names = {"-6", "--ipv6"}, description = "On the links, ask by IPv6 multicast only.")
    boolean ipv6Only;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    DiscoverCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        Discovery.Request request = requestOrUsage();
        Discovery.Result result = Discovery.run(request);
        PrintWriter out = spec.commandLine().getOut();
        List<DiscoveredServer> servers = result.servers();
        if (json) {
            out.println(json(servers));
        } else if (!servers.isEmpty()) {
            table(out, servers);
        }
        out.flush();
        if (servers.isEmpty()) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "no netdisk server answered on port " + port + " within "
                    + request.timeout().toMillis() + " ms" + unreachable(result.unreachable()));
        }
        return ExitCodes.OK;
    }

    private Discovery.Request requestOrUsage() throws IOException, CliFailure {
        if (timeoutMillis < Discovery.MIN_WAIT.toMillis() || timeoutMillis > Discovery.MAX_WAIT.toMillis()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--timeout must be "
                    + Discovery.MIN_WAIT.toMillis() + ".." + Discovery.MAX_WAIT.toMillis() + " ms, got " + timeoutMillis);
        }
        if (port < 1 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 1..65535, got " + port);
        }
        if (ipv4Only && ipv6Only) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "-4 and -6 exclude each other");
        }
        List<InetAddress> targets = new ArrayList<>();
        for (String address : to) {
            try {
                targets.add(InetAddress.getByName(address.startsWith("[") && address.endsWith("]")
                        ? address.substring(1, address.length() - 1) : address));
            } catch (UnknownHostException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--to: unknown host " + address);
            }
        }
        if (targets.isEmpty()) {
            targets = DiscoveryTargets.onLinks(ipv4Only ? DiscoveryTargets.Families.IPV4
                    : ipv6Only ? DiscoveryTargets.Families.IPV6 : DiscoveryTargets.Families.BOTH);
        }
        if (targets.isEmpty()) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "nowhere to ask: no interface is up for "
                    + (ipv6Only ? "IPv6 multicast" : "broadcast") + " (--to ADDR asks an address)");
        }
        return new Discovery.Request(port, Duration.ofMillis(timeoutMillis), targets);
    }

    private static String unreachable(Map<InetAddress, String> refused) {
        if (refused.isEmpty()) {
            return "";
        }
        return " (could not ask " + refused.entrySet().stream()
                .map(e -> Addresses.text(e.getKey()) + ": " + e.getValue()).collect(Collectors.joining("; ")) + ")";
    }

    static String json(List<DiscoveredServer> servers) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode array = root.putArray("servers");
        for (DiscoveredServer s : servers) {
            ObjectNode node = array.addObject().put("name", s.name()).put("id", s.id());
            ArrayNode addresses = node.putArray("addresses");
            s.addresses().forEach(a -> addresses.add(Addresses.text(a)));
            node.put("port", s.port()).put("protocol", s.protocol()).put("version", s.version())
                    .put("public", s.publicFolder());
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    /** NAME ADDRESSES PORT VERSION PROTOCOL PUBLIC, columns as wide as their longest cell; a count last. */
    static void table(PrintWriter out, List<DiscoveredServer> servers) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "ADDRESSES", "PORT", "VERSION", "PROTOCOL", "PUBLIC"});
        for (DiscoveredServer s : servers) {
            rows.add(new String[] {s.name(), s.addresses().stream().map(Addresses::text).collect(Collectors.joining(", ")),
                    Integer.toString(s.port()), s.version() == null ? "-" : s.version(), Integer.toString(s.protocol()),
                    s.publicFolder() ? "on" : "off"});
        }
        int[] widths = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                line.append(last ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.printf("%d server%s%n", servers.size(), servers.size() == 1 ? "" : "s");
    }
}
