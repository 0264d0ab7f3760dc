package netdisk.tools.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/** Addresses as people write them: IPv6 compressed (RFC 5952 §4), with its interface when scoped. */
final class Addresses {

    private Addresses() {}

    /** {@code address} as HOST:PORT with the host {@linkplain #text written short}. */
    static HostPort hostPort(InetSocketAddress address) {
        return new HostPort(text(address.getAddress()), address.getPort());
    }

    static String text(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        String full = v6.getHostAddress(); // 8 groups without leading zeros, maybe %scope
        int percent = full.indexOf('%');
        String scope = percent < 0 ? "" : full.substring(percent);
        if (v6.getScopedInterface() != null) {
            scope = "%" + v6.getScopedInterface().getName();
        } else if (v6.getScopeId() > 0) {
            // A received datagram's source carries the interface's index only: name it, as ip(8) does.
            try {
                NetworkInterface nic = NetworkInterface.getByIndex(v6.getScopeId());
                scope = nic != null ? "%" + nic.getName() : scope;
            } catch (SocketException e) {
                // keep the number
            }
        }
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
        int bestStart = -1;
        int bestLength = 1; // a single 0 group is not compressed (§4.2.2)
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(groups[i]);
            if (i < groups.length - 1) {
                out.append(':');
            }
        }
        return out.append(scope).toString();
    }
}
