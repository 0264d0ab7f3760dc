package netdisk.udp.server;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Client addresses that have recently answered a transfer's port: they receive what we send, so
 * their requests are not forged, and their openings are retransmitted as usual. An address not
 * in here gets its openings under the {@link OpeningGuard}'s budget.
 *
 * <p>Only a peer that received our first reply knows the transfer's port (an ephemeral one);
 * a forger who writes someone else's address on a request never sees it. The memory is bounded
 * (the least recently answered address goes first) and forgets after {@link #REMEMBERED_NANOS}.
 */
final class ReachableAddresses {

    static final int CAPACITY = 4096;
    static final long REMEMBERED_NANOS = 10L * 60 * 1_000_000_000L;

    private final Map<InetAddress, Long> answeredAt = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void answered(InetAddress address, long nowNanos) {
        answeredAt.put(address, nowNanos);
    }

    synchronized boolean isReachable(InetAddress address, long nowNanos) {
        Long at = answeredAt.get(address);
        if (at == null) {
            return false;
        }
        if (nowNanos - at >= REMEMBERED_NANOS) {
            answeredAt.remove(address);
            return false;
        }
        return true;
    }
}
