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
                if (families.ipv4() && a.getAddress() instanceof Inet4Address v4) {
                    InetAddress broadcast = directedBroadcast(v4, a.getBroadcast(), a.getNetworkPrefixLength());
                    if (broadcast != null) {
                        ipv4.add(broadcast);
                    }
                }
                hasIpv6 |= a.getAddress() instanceof Inet6Address;
            }
            if (families.ipv6() && hasIpv6 && nic.supportsMulticast()) {
                ipv6.add(allNodes(nic));
            }
        }
        List<InetAddress> all = new ArrayList<>(ipv4);
        all.addAll(ipv6);
        return all;
    }

    /** ff02::1, scoped to {@code nic} (or unscoped with {@code null}). */
    public static Inet6Address allNodes(NetworkInterface nic) {
        try {
            return nic == null ? (Inet6Address) InetAddress.getByAddress(ALL_NODES)
                    : Inet6Address.getByAddress(null, ALL_NODES, nic);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an IPv6 address
        }
    }

    /**
     * The subnet's broadcast address: the interface's, or made from its prefix when the interface
     * has none set ({@code ip addr add 10.0.0.2/24} without {@code brd +}: the JDK then reports
     * 0.0.0.0, and sending to the .255 still reaches the link). None for /31 and /32, which have no
     * broadcast address (RFC 3021).
     */
    static InetAddress directedBroadcast(Inet4Address address, InetAddress reported, int prefix) {
        if (reported != null && !reported.isAnyLocalAddress()) {
            return reported;
        }
        if (prefix < 1 || prefix > 30) {
            return null;
        }
        byte[] bytes = address.getAddress();
        int host = ~0 >>> prefix;
        int value = ((bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff)) | host;
        return address(null, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static InetAddress address(String name, byte[] bytes) {
        try {
            return InetAddress.getByAddress(name, bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
