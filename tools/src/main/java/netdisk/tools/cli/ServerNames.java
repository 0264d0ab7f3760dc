package netdisk.tools.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import netdisk.services.discovery.DiscoveredServer;
import netdisk.services.discovery.Discovery;
import netdisk.services.discovery.DiscoveryTargets;

/**
 * Where {@code --server HOST[:PORT]} is (spec/discovery.md 3): an address as is, a name as DNS
 * says, and only a name DNS does not know by a short discovery on the port given. The usual
 * path pays nothing for it.
 */
final class ServerNames {

    /** Addresses to ask instead of broadcasting (comma-separated), for routed networks and tests. */
    static final String DISCOVER_TO = "NETDISK_DISCOVER_TO";

    /**
     * Where to connect.
     *
     * @param discovered the server found by discovery, or {@code null} when DNS or the address said
     */
    record Located(InetSocketAddress address, DiscoveredServer discovered) {}

    private ServerNames() {}

    static Located locate(CliEnvironment env, HostPort server) throws CliFailure {
        try {
            return new Located(server.resolve(), null);
        } catch (UnknownHostException notInDns) {
            DiscoveredServer found = discover(env, server);
            return new Located(found.preferredAddress(), found);
        }
    }

    private static DiscoveredServer discover(CliEnvironment env, HostPort server) throws CliFailure {
        Discovery.Result result;
        try {
            result = Discovery.run(new Discovery.Request(server.port(), Discovery.DEFAULT_WAIT, targets(env)));
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "unknown host " + server.host() + ", and discovery could not ask: "
                    + e.getMessage());
        }
        return choose(server, result.named(server.host()));
    }

    /** The one server of that name; none or several is a failure that says what to do. */
    static DiscoveredServer choose(HostPort server, List<DiscoveredServer> named) throws CliFailure {
        if (named.isEmpty()) {
            throw new CliFailure(ExitCodes.UNREACHABLE, "unknown host " + server.host() + ": not in DNS, and no netdisk "
                    + "server of that name answered discovery on port " + server.port()
                    + " (`netdisk discover` lists those that do)");
        }
        if (named.size() > 1) {
            String which = named.stream().map(s -> Addresses.hostPort(s.preferredAddress()) + " (id " + s.id() + ")")
                    .collect(Collectors.joining(", "));
            throw new CliFailure(ExitCodes.USAGE, named.size() + " netdisk servers are named " + server.host() + ": "
                    + which + "; give --server ADDRESS[:PORT] for the one you mean");
        }
        return named.getFirst();
    }

    /** {@value #DISCOVER_TO}'s addresses, or this host's links. */
    static List<InetAddress> targets(CliEnvironment env) throws IOException {
        String given = env.get(DISCOVER_TO);
        if (given == null || given.isBlank()) {
            return DiscoveryTargets.onLinks(DiscoveryTargets.Families.BOTH);
        }
        List<InetAddress> targets = new ArrayList<>();
        for (String part : given.split(",")) {
            if (!part.isBlank()) {
                targets.add(InetAddress.getByName(part.strip()));
            }
        }
        return targets;
    }
}
