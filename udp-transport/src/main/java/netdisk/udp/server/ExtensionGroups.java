package netdisk.udp.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import netdisk.udp.io.DatagramPort;

/**
 * Joins a {@link ListenerExtension}'s multicast groups on the well-known port, on every interface
 * that is up and can multicast; again every {@link #REJOIN_NANOS}, for interfaces that came up
 * since (a join already made is the same membership, not a second one). Best effort: a port with
 * no channel under it (a test's simulated network), a family the socket cannot take, or an
 * interface that refuses, is left out, with a line in the log.
 */
final class ExtensionGroups {

    private static final Logger LOG = Logger.getLogger(ExtensionGroups.class.getName());
    static final long REJOIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final List<InetAddress> groups;
    private final DatagramChannel channel;
    private long nextJoin;

    ExtensionGroups(ListenerExtension extension, DatagramPort port) {
        this.groups = List.copyOf(extension.multicastGroups());
        SelectableChannel selectable = groups.isEmpty() ? null : port.selectableChannel().orElse(null);
        this.channel = selectable instanceof DatagramChannel datagram ? datagram : null;
    }

    /** Joins what is not joined yet, when it is time to look again. Runs on the listener's thread. */
    void maybeJoin(long nowNanos) {
        if (channel == null || (nextJoin != 0 && nowNanos - nextJoin < 0)) {
            return;
        }
        nextJoin = nowNanos + REJOIN_NANOS;
        List<NetworkInterface> interfaces;
        try {
            interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
        } catch (SocketException e) {
            LOG.log(Level.FINE, "cannot list interfaces: " + e.getMessage());
            return;
        }
        for (NetworkInterface nic : interfaces) {
            try {
                if (!nic.isUp() || !nic.supportsMulticast()) {
                    continue;
                }
                boolean hasIpv6 = nic.inetAddresses().anyMatch(a -> a instanceof Inet6Address);
                for (InetAddress group : groups) {
                    if (group instanceof Inet6Address && !hasIpv6) {
                        continue;
                    }
                    channel.join(group, nic);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "cannot join " + groups + " on " + nic.getName() + ": " + e.getMessage());
            }
        }
    }
}
