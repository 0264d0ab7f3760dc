package netdisk.services.control;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The control channel's connection slots: at most {@code maxConnections} at once and
 * {@code maxPerAddress} from one client address; when every slot is taken, the connection that
 * has waited longest on its peer (for a hello, a request, or the rest of a frame) gives its slot
 * to the newcomer (spec/control.md, "Limits").
 *
 * <p>Why: a probe kept every slot with 300 connections that said hello and then idled, and
 * {@code netdisk ls} was refused as busy for the five minutes of the idle limit; a frame header
 * followed by a byte every 5 s did the same for the frame limit. A connection waiting on its peer
 * costs nothing until a slot is needed, so it keeps its slot until then; one that is answering a
 * request or moving a file never gives way. Only bookkeeping: the server acts on the answer.
 *
 * @param <C> the server's handle of a connection
 */
final class ConnectionSlots<C extends ConnectionSlots.Parkable> {

    /** What a slot holder must tell: whether it waits on its peer, and a way to make it yield. */
    interface Parkable {
        /** Since when ({@link System#nanoTime()}) it waits on its peer, or {@link #NOT_WAITING}. */
        long waitingSinceNanos();

        /**
         * Gives up its slot, if it is still waiting on its peer (atomic with that state): the
         * connection is told why and closes. False if it is busy now and keeps going.
         */
        boolean yieldSlot();
    }

    static final long NOT_WAITING = Long.MAX_VALUE;

    /** Whether a new connection is served. */
    sealed interface Admission<C> {
        /** Serve it; {@code yielded}, if any, gave up its slot for it. */
        record Admitted<C>(List<C> yielded) implements Admission<C> { }

        /** Send one BUSY frame with this message and close. */
        record Refused<C>(String message) implements Admission<C> { }
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final Map<C, InetAddress> holders = new HashMap<>();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();

    ConnectionSlots(int maxConnections, int maxPerAddress) {
        if (maxConnections < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    synchronized Admission<C> admit(C connection, InetAddress address) {
        Objects.requireNonNull(connection);
        if (perAddress.getOrDefault(address, 0) >= maxPerAddress) {
            return new Admission.Refused<>("too many connections from your address (" + maxPerAddress
                    + "); close some and try again");
        }
        List<C> yielded = new ArrayList<>(1);
        if (holders.size() >= maxConnections) {
            C parked = yieldLongestWaiting();
            if (parked == null) {
                return new Admission.Refused<>("server busy: " + maxConnections
                        + " connections already; try again later");
            }
            yielded.add(parked);
        }
        holders.put(connection, address);
        perAddress.merge(address, 1, Integer::sum);
        return new Admission.Admitted<>(List.copyOf(yielded));
    }

    /** {@code connection} ended: its slot is free. Safe to call more than once. */
    synchronized void release(C connection) {
        InetAddress address = holders.remove(connection);
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    synchronized int size() {
        return holders.size();
    }

    /** The waiting connection that waited longest, released; null if every holder is busy. */
    private C yieldLongestWaiting() {
        record Waiting<C>(C connection, long since) { }
        List<Waiting<C>> waiting = new ArrayList<>();
        for (C c : holders.keySet()) {
            long since = c.waitingSinceNanos(); // read once: it changes under us
            if (since != NOT_WAITING) {
                waiting.add(new Waiting<>(c, since));
            }
        }
        if (waiting.isEmpty()) {
            return null;
        }
        // nanoTime values compare by difference, not by value (they may wrap).
        long origin = waiting.getFirst().since();
        waiting.sort(Comparator.comparingLong(w -> w.since() - origin));
        for (Waiting<C> w : waiting) {
            if (w.connection().yieldSlot()) { // it may have turned busy since we looked
                release(w.connection());
                return w.connection();
            }
        }
        return null;
    }
}
