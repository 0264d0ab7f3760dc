package netdisk.services.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a question goes on this host's links (spec/discovery.md 1): the limited broadcast, each up
 * interface's directed broadcast, and ff02::1 scoped to each up multicast interface.
 */
public final class DiscoveryTargets {

    /** All nodes on the link (RFC 4291 §2.7.1). */
    static final byte[] ALL_NODES = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] LIMITED_BROADCAST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

    private DiscoveryTargets() {}

    /** Which families to ask on the link. */
    public enum Families {
        BOTH, IPV4, IPV6;

        boolean ipv4() {
            return this != IPV6;
        }

        boolean ipv6() {
            return this != IPV4;
        }
    }

    /** The link's targets for {@code families}, each once, IPv4 first. */
    public static List<InetAddress> onLinks(Families families) throws SocketException {
        Set<InetAddress> ipv4 = new LinkedHashSet<>();
        List<InetAddress> ipv6 = new ArrayList<>();
        if (families.ipv4()) {
            ipv4.add(address(null, LIMITED_BROADCAST));
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            boolean hasIpv6 = false;
            for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                if (families.ipv4() && a.getAddress() instanceof Inet4Address && a.getBroadcast() != null) {
                    ipv4.add(a.getBroadcast());
                }
                hasIpv6 |= a.getAddress() instanceof Inet6Address;
            }
            if (families.ipv6() && hasIpv6 && nic.supportsMulticast()) {
                try {
                    ipv6.add(Inet6Address.getByAddress(null, ALL_NODES, nic));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e); // 16 bytes are always an IPv6 address
                }
            }
        }
        List<InetAddress> all = new ArrayList<>(ipv4);
        all.addAll(ipv6);
        return all;
    }

    private static InetAddress address(String name, byte[] bytes) {
        try {
            return InetAddress.getByAddress(name, bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
