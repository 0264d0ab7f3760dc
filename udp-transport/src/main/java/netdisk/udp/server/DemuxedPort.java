package netdisk.udp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import netdisk.udp.io.DatagramPort;

/**
 * One transfer's port in single-port mode: a {@link DatagramPort} that owns no socket. What it
 * sends leaves through the well-known port ({@link SinglePortDemux}); what it receives is what the
 * listener thread routed to it, the datagrams from its one client address and port, held in a
 * bounded queue until the transfer takes them.
 *
 * <p>The queue holds at most {@code maxDatagrams} datagrams and {@code maxBytes} bytes; one beyond
 * either is dropped, as a full socket buffer drops it, and the protocol recovers it as any loss.
 * Each datagram is copied once into the queue (its own length, not a whole receive buffer) and
 * once out of it into the transfer's buffer.
 *
 * <p>Once {@linkplain #supersede() superseded} (the client asked for a new transfer from the same
 * address and port), nothing more is queued and what the transfer sends is dropped: it would reach
 * the client from the same source port as the new transfer's replies, and be taken for them.
 *
 * <p>The transfer's thread sends and receives; the listener's thread offers; {@link #close} may
 * come from any thread and wakes a blocked receive.
 */
final class DemuxedPort implements DatagramPort {

    private final SinglePortDemux demux;
    private final InetSocketAddress peer;
    private final int maxDatagrams;
    private final int maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queuedBytes;
    private long dropped;
    private volatile boolean superseded;
    private volatile boolean closed;

    DemuxedPort(SinglePortDemux demux, InetSocketAddress peer, int maxDatagrams, int maxBytes) {
        this.demux = demux;
        this.peer = peer;
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
    }

    /** The client address and port whose datagrams come here. */
    InetSocketAddress peer() {
        return peer;
    }

    /**
     * Queues a copy of the bytes between {@code datagram}'s position and limit (which it leaves
     * as they are), or drops them when the queue is full or the port no longer takes any.
     *
     * @return whether it was queued
     */
    boolean offer(ByteBuffer datagram) {
        if (closed || superseded) {
            return false;
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(datagram.position(), copy);
        lock.lock();
        try {
            if (closed || superseded || queue.size() >= maxDatagrams || queuedBytes + copy.length > maxBytes) {
                dropped++;
                return false;
            }
            queue.add(copy);
            queuedBytes += copy.length;
            arrived.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The client started a new transfer from {@link #peer}: this one hears and says nothing more. */
    void supersede() {
        superseded = true;
    }

    boolean superseded() {
        return superseded;
    }

    /** Superseded, and every datagram queued before that taken: the transfer has heard its last. */
    boolean supersededAndDrained() {
        if (!superseded) {
            return false;
        }
        lock.lock();
        try {
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Datagrams dropped because the queue was full (for tests). */
    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Datagrams queued and not yet received (for tests). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Goes out from the well-known port; dropped once superseded. */
    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (superseded) {
            datagram.position(datagram.limit()); // consumed, as a send that the network lost
            return;
        }
        demux.send(datagram, target);
    }

    /** Every datagram received comes from {@link #peer}: the listener routed it by that address. */
    @Override
    public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
        byte[] next;
        lock.lock();
        try {
            long left = timeoutNanos;
            while (true) {
                if (closed) {
                    throw new ClosedChannelException();
                }
                next = queue.poll();
                if (next != null) {
                    queuedBytes -= next.length;
                    break;
                }
                if (left <= 0) {
                    return null;
                }
                left = arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            // As an interruptible channel does: the port closes and the receive says why.
            Thread.currentThread().interrupt();
            close();
            throw new ClosedByInterruptException();
        } finally {
            lock.unlock();
        }
        into.clear();
        into.put(next, 0, Math.min(next.length, into.capacity()));
        into.flip();
        return peer;
    }

    /** The well-known port's address: the source of everything this port sends. */
    @Override
    public InetSocketAddress localAddress() {
        return demux.localAddress();
    }

    /** Leaves the demultiplexer (only if still registered: a successor keeps its entry). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        demux.removed(this);
        lock.lock();
        try {
            queue.clear();
            queuedBytes = 0;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "single-port " + demux.localAddress() + " for " + peer;
    }
}
