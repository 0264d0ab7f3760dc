package netdisk.udp.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The server's transfer slots under its {@link TransferBudgets}: which transfers hold one, whose
 * address they serve, and which are still unanswered (oldest first). Only bookkeeping, no I/O:
 * the server acts on each {@link Admission}. Thread-safe: the listener admits, transfer threads
 * report answers and ends.
 *
 * @param <T> the server's handle of a running transfer
 */
final class TransferSlots<T> {

    /** What to do with a new request. */
    sealed interface Admission<T> {
        /** Start it; first drop each of {@code dropped}, unanswered transfers that gave up their slot. */
        record Admitted<T>(List<T> dropped) implements Admission<T> { }

        /** Refuse it with ERROR 0 and this message. */
        record Busy<T>(String message) implements Admission<T> { }

        /** Leave it unanswered: its client retransmits it (see {@link #admit}). */
        record Ignored<T>() implements Admission<T> { }
    }

    private record Holder(InetAddress address, long admittedAt) { }

    private static final class PerAddress {
        int transfers;
        int unanswered;
    }

    private final TransferBudgets budgets;
    private final Map<T, Holder> holders = new HashMap<>();
    /** Insertion-ordered: the first is the oldest unanswered transfer. */
    private final LinkedHashSet<T> unanswered = new LinkedHashSet<>();
    private final Map<InetAddress, PerAddress> addresses = new HashMap<>();

    TransferSlots(TransferBudgets budgets) {
        this.budgets = Objects.requireNonNull(budgets);
    }

    /**
     * An unanswered transfer this old is stale: a client on a LAN answers in milliseconds, so
     * nobody will (a late repeat of a finished transfer's request, a forged address).
     */
    static final long STALE_NANOS = 1_000_000_000L;

    /** As {@link #admit(Object, InetAddress, boolean, long)} for an unproven address, now. */
    synchronized Admission<T> admit(T transfer, InetAddress address) {
        return admit(transfer, address, false, System.nanoTime());
    }

    /**
     * Decides on {@code transfer} for a client at {@code address}; when admitted it holds a slot,
     * unanswered.
     *
     * @param proven whether the address answered a transfer lately ({@link ReachableAddresses}):
     *     it is not held to the unanswered budget of one address
     */
    synchronized Admission<T> admit(T transfer, InetAddress address, boolean proven, long nowNanos) {
        PerAddress mine = addresses.get(address);
        if (mine != null && mine.transfers >= budgets.maxPerAddress()) {
            return new Admission.Busy<>("your address has too many transfers");
        }
        List<T> dropped = new ArrayList<>(1);
        if (!proven && mine != null && mine.unanswered >= budgets.maxUnansweredPerAddress()) {
            T oldest = oldestUnansweredOf(address);
            if (nowNanos - holders.get(oldest).admittedAt() < STALE_NANOS) {
                // Many requests at once from a host not proven yet: this one waits for its
                // client's retransmission (RFC 1350 §2), by when the others have been answered.
                return new Admission.Ignored<>();
            }
            // A stale one gives way: a late repeat of a finished transfer's request (found under
            // load: 32 of them filled 127.0.0.1's budget for 15 s) or a forgery of this address.
            release(oldest);
            dropped.add(oldest);
        }
        while (holders.size() >= budgets.maxTransfers() || unanswered.size() >= budgets.maxUnanswered()) {
            T oldest = oldestUnanswered();
            if (oldest == null) {
                return new Admission.Busy<>("server busy, try again later");
            }
            release(oldest);
            dropped.add(oldest);
        }
        holders.put(transfer, new Holder(address, nowNanos));
        unanswered.add(transfer);
        PerAddress counts = addresses.computeIfAbsent(address, a -> new PerAddress());
        counts.transfers++;
        counts.unanswered++;
        return new Admission.Admitted<>(List.copyOf(dropped));
    }

    /** {@code transfer}'s client has sent something to its port: it keeps its slot from now on. */
    synchronized void answered(T transfer) {
        Holder holder = holders.get(transfer);
        if (holder != null && unanswered.remove(transfer)) {
            addresses.get(holder.address()).unanswered--;
        }
    }

    /** {@code transfer} ended (or was dropped): its slot is free. Safe to call more than once. */
    synchronized void release(T transfer) {
        Holder holder = holders.remove(transfer);
        if (holder == null) {
            return;
        }
        PerAddress counts = addresses.get(holder.address());
        counts.transfers--;
        if (unanswered.remove(transfer)) {
            counts.unanswered--;
        }
        if (counts.transfers == 0) {
            addresses.remove(holder.address());
        }
    }

    synchronized int size() {
        return holders.size();
    }

    synchronized int unansweredCount() {
        return unanswered.size();
    }

    private T oldestUnansweredOf(InetAddress address) {
        for (T t : unanswered) {
            if (holders.get(t).address().equals(address)) {
                return t;
            }
        }
        throw new IllegalStateException("the count of unanswered transfers of " + address + " is off");
    }

    private T oldestUnanswered() {
        Iterator<T> oldest = unanswered.iterator();
        return oldest.hasNext() ? oldest.next() : null;
    }
}
