package netdisk.udp.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a receive polls before it sleeps: one per port, with a budget shared by all ports.
 *
 * <p>Polling pays only while the peer answers within the poll: a LAN peer in lockstep answers in
 * tens of microseconds, and a sleep plus a wake-up costs about as much again per packet. It does
 * not pay when the peer is slower than the poll (curl's lockstep answers in ~100 µs), and it
 * costs other work its processor when many transfers poll at once: measured on 2 vCPUs before
 * this policy, curl fetching 64 MiB lockstep cost the server 3.46 CPU-s in 3.52 s, and with 50
 * netdisk clients a {@code sha256sum} beside them took 12–14 s instead of 0.16 s.
 *
 * <p>So a port polls only (1) while its recent polls were answered: after {@link #MISS_LIMIT}
 * polls in a row that ended with nothing, it sleeps straight away for the next
 * {@link #QUIET_RECEIVES} receives, then tries one poll again; and (2) while fewer ports poll
 * at this moment than half the processors (at least one), so that polling never takes more than
 * half the machine, whatever the number of transfers.
 */
final class SpinPolicy {

    /** Polls in a row that caught nothing before a port stops polling for a while. */
    static final int MISS_LIMIT = 4;
    /** Receives that go straight to sleep after {@link #MISS_LIMIT} misses, before the next try. */
    static final int QUIET_RECEIVES = 256;

    private static final AtomicInteger POLLING = new AtomicInteger();
    private static final int MAX_POLLING = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final AtomicInteger polling;
    private final int maxPolling;
    private int misses;
    private int quietLeft;

    /** A port's policy, sharing the process-wide budget. */
    SpinPolicy() {
        this(POLLING, MAX_POLLING);
    }

    /** For tests: a budget of {@code maxPolling} shared through {@code polling}. */
    SpinPolicy(AtomicInteger polling, int maxPolling) {
        this.polling = polling;
        this.maxPolling = maxPolling;
    }

    /**
     * Asks to poll now. On {@code true} the caller polls and then must call {@link #polled}
     * exactly once; on {@code false} it sleeps at once.
     */
    boolean tryStart() {
        if (quietLeft > 0) {
            quietLeft--;
            return false;
        }
        while (true) {
            int now = polling.get();
            if (now >= maxPolling) {
                return false;
            }
            if (polling.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** The poll started by {@link #tryStart} caught a datagram. */
    void caught() {
        polling.decrementAndGet();
        misses = 0;
    }

    /** The poll started by {@link #tryStart} ran its whole length and caught nothing. */
    void missed() {
        polling.decrementAndGet();
        if (++misses >= MISS_LIMIT) {
            misses = 0;
            quietLeft = QUIET_RECEIVES;
        }
    }

    /**
     * The poll started by {@link #tryStart} was cut short by the caller's own deadline (a pacing
     * gap, a timer): it says nothing about the peer.
     */
    void cutShort() {
        polling.decrementAndGet();
    }
}
