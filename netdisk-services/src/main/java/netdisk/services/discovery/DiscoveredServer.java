package netdisk.services.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One server that answered, however many times and over however many paths: its answers merged
 * by {@code id} (spec/discovery.md 3).
 *
 * @param addresses where its answers came from: IPv4 first, then global IPv6, then link-local
 *     (with the interface they came in on); never empty
 */
public record DiscoveredServer(String name, String id, int port, int protocol, boolean publicFolder, String version,
        List<InetAddress> addresses) {

    /** IPv4, then IPv6 other than link-local, then link-local; the order of arrival within each. */
    static final Comparator<InetAddress> PREFERENCE = Comparator.comparingInt(DiscoveredServer::rank);

    public DiscoveredServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        addresses = addresses.stream().sorted(PREFERENCE).toList();
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a server that answered came from somewhere");
        }
    }

    /** Where a client connects: the first of {@link #addresses}, on {@link #port}. */
    public InetSocketAddress preferredAddress() {
        return new InetSocketAddress(addresses.getFirst(), port);
    }

    private static int rank(InetAddress address) {
        if (address instanceof Inet4Address) {
            return 0;
        }
        return address.isLinkLocalAddress() ? 2 : 1;
    }
}
