package netdisk.udp.impair;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import netdisk.udp.io.DatagramPort;

/**
 * A {@link DatagramPort} that passes datagrams through another one, damaging them on the way as
 * an {@link ImpairmentPlan} says: outbound on {@link #send}, inbound on {@link #receive}.
 *
 * <p>No background thread: held datagrams move only inside the owner's calls. {@link #receive}
 * waits at most until the next held datagram (either direction) is due, releases it, and goes on
 * waiting; held outbound datagrams are sent by whichever {@code send} or {@code receive} call
 * comes after they are due. An engine always is in one of the two, so a delay is honoured to
 * within the delegate's timer resolution. {@link #close} drops everything held.
 *
 * <p>Like every port, used by one thread; {@link #close} may come from another one and wakes a
 * blocked {@code receive}, and the counts may be read from anywhere.
 */
public final class ImpairedDatagramPort implements DatagramPort {

    /** Big enough for any UDP payload, so the layer itself never cuts a datagram. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramPort delegate;
    private final LongSupplier clock;
    private final Impairer outbound;
    private final Impairer inbound;
    /** Inbound datagrams released by the layer, waiting for the owner's receive. */
    private final ArrayDeque<Datagram> ready = new ArrayDeque<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(MAX_DATAGRAM);
    /** Guards the impairers and {@link #ready} against a concurrent {@link #close}. */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    ImpairedDatagramPort(DatagramPort delegate, ImpairmentPlan plan, int portIndex) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = plan.nanoClock();
        this.outbound = new Impairer(plan, portIndex, Direction.OUTBOUND);
        this.inbound = new Impairer(plan, portIndex, Direction.INBOUND);
    }

    /** Wraps {@code port}; the wrapper owns it from now on (closing one closes both). */
    public static ImpairedDatagramPort wrap(DatagramPort port, ImpairmentPlan plan) {
        return new ImpairedDatagramPort(port, plan, 0);
    }

    /** Consumes the datagram (position moves to limit), as a channel's send does. */
    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
        ensureOpen();
        Objects.requireNonNull(target, "target");
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(bytes);
        lock.lock();
        try {
            long now = clock.getAsLong();
            sendAll(outbound.releaseDue(now));
            sendAll(outbound.offer(new Datagram(bytes, target), now));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeoutNanos} (by the plan's clock, or by the delegate's waits when
     * that clock stands still) for a datagram the layer lets through. With a timeout of 0 or less
     * it returns a datagram that is ready without waiting, if any: one released from hold, or one
     * the delegate hands over at once ({@link netdisk.udp.io.ChannelDatagramPort} never does;
     * {@link InMemoryDatagramNetwork} does).
     */
    @Override
    public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
        ensureOpen();
        long remaining = timeoutNanos;
        boolean delegateEmpty = false;
        while (true) {
            long now = clock.getAsLong();
            long wait;
            lock.lock();
            try {
                ensureOpen();
                sendAll(outbound.releaseDue(now));
                ready.addAll(inbound.releaseDue(now));
                Datagram next = ready.poll();
                if (next != null) {
                    return copyInto(next, into);
                }
                // Out of time: still take what the delegate already has (a zero timeout polls),
                // and stop only when it has nothing, so a dropped datagram does not hide the next.
                if (remaining <= 0 && delegateEmpty) {
                    return null;
                }
                long untilDue = Math.min(outbound.nanosUntilDue(now), inbound.nanosUntilDue(now));
                wait = remaining <= 0 ? 0 : Math.max(1, Math.min(remaining, untilDue));
            } finally {
                lock.unlock();
            }
            scratch.clear();
            InetSocketAddress sender = delegate.receive(scratch, wait);
            delegateEmpty = sender == null;
            long elapsed = clock.getAsLong() - now;
            if (sender == null) {
                // A frozen test clock does not move while the delegate waits: count the wait
                // itself, or receive would never time out.
                remaining -= Math.max(wait, elapsed);
                continue;
            }
            remaining -= Math.max(0, elapsed);
            byte[] bytes = new byte[scratch.remaining()];
            scratch.get(bytes);
            lock.lock();
            try {
                ensureOpen();
                ready.addAll(inbound.offer(new Datagram(bytes, sender), clock.getAsLong()));
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    /** Closes the delegate and drops every held datagram, counted as discarded. */
    @Override
    public void close() {
        closed = true;
        delegate.close();
        lock.lock();
        try {
            outbound.discardHeld();
            inbound.discardHeld();
            ready.clear();
        } finally {
            lock.unlock();
        }
    }

    /** What was done so far in {@code direction}. */
    public ImpairmentCounts counts(Direction direction) {
        return (direction == Direction.OUTBOUND ? outbound : inbound).counts();
    }

    private void sendAll(List<Datagram> datagrams) throws IOException {
        for (Datagram d : datagrams) {
            delegate.send(ByteBuffer.wrap(d.bytes()), d.peer());
        }
    }

    private static InetSocketAddress copyInto(Datagram datagram, ByteBuffer into) {
        into.clear();
        into.put(datagram.bytes(), 0, Math.min(datagram.bytes().length, into.capacity()));
        into.flip();
        return datagram.peer();
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "impaired " + delegate;
    }
}
