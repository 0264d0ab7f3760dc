package netdisk.udp.impair;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.DatagramPortFactory;

/**
 * A network of {@link DatagramPort}s in one JVM, without sockets: what one port sends to another
 * port's number lands in that port's queue. For engine tests that want exact, fast, loss-free
 * delivery (add loss with {@link ImpairedDatagramPort}) and no flakiness from a busy machine.
 *
 * <p>It models one host: ports are found by number alone, whatever address a datagram is sent
 * to. A port bound to a specific address is seen by its peers as sending from that address (so a
 * test can play a stranger on 127.0.0.2); one bound to the wildcard address sends from the
 * loopback address. Like UDP, a datagram to a port nobody holds is lost silently, and so is one
 * arriving at a port whose queue is full ({@link #lost()} counts both).
 *
 * <p>Thread-safe: each port is used by its owner's thread, and ports talk across threads.
 */
public final class InMemoryDatagramNetwork {

    /** Datagrams a port's queue holds before further arrivals are lost, like a socket buffer. */
    public static final int DEFAULT_QUEUE_LIMIT = 4096;
    /** The largest UDP payload over IPv4; a larger send fails as on a real socket. */
    public static final int MAX_DATAGRAM = 65_507;
    private static final int FIRST_EPHEMERAL = 49_152;
    private static final int LAST_PORT = 65_535;

    private final int queueLimit;
    private final ReentrantLock bindLock = new ReentrantLock();
    private final Map<Integer, MemoryPort> ports = new HashMap<>();
    private int nextEphemeral = FIRST_EPHEMERAL;
    private final AtomicLong lost = new AtomicLong();

    public InMemoryDatagramNetwork() {
        this(DEFAULT_QUEUE_LIMIT);
    }

    public InMemoryDatagramNetwork(int queueLimit) {
        if (queueLimit < 1) {
            throw new IllegalArgumentException("queueLimit must be at least 1: " + queueLimit);
        }
        this.queueLimit = queueLimit;
    }

    /**
     * Binds a port; port number 0 picks a free one from 49152 up.
     *
     * @throws BindException when the number is taken
     */
    public DatagramPort bind(InetSocketAddress local) throws IOException {
        if (local.isUnresolved()) {
            throw new BindException("cannot bind an unresolved address: " + local);
        }
        bindLock.lock();
        try {
            int number = local.getPort() != 0 ? local.getPort() : freeEphemeral();
            if (ports.containsKey(number)) {
                throw new BindException("Address already in use: port " + number);
            }
            MemoryPort port = new MemoryPort(new InetSocketAddress(local.getAddress(), number));
            ports.put(number, port);
            return port;
        } finally {
            bindLock.unlock();
        }
    }

    /** Binds an ephemeral port on the loopback address. */
    public DatagramPort bind() throws IOException {
        return bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Opens ports on this network, for engines that take a factory. */
    public DatagramPortFactory factory() {
        return this::bind;
    }

    /** Datagrams sent to no one or to a full queue. */
    public long lost() {
        return lost.get();
    }

    private int freeEphemeral() throws BindException {
        for (int tries = 0; tries <= LAST_PORT - FIRST_EPHEMERAL; tries++) {
            int candidate = nextEphemeral;
            nextEphemeral = candidate == LAST_PORT ? FIRST_EPHEMERAL : candidate + 1;
            if (!ports.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new BindException("no free ephemeral port");
    }

    private void deliver(byte[] bytes, InetSocketAddress from, InetSocketAddress target) {
        MemoryPort destination;
        bindLock.lock();
        try {
            destination = ports.get(target.getPort());
        } finally {
            bindLock.unlock();
        }
        if (destination == null || !destination.queue.offer(new Envelope(bytes, from))) {
            lost.incrementAndGet();
        }
    }

    private void unbind(MemoryPort port) {
        bindLock.lock();
        try {
            ports.remove(port.local.getPort(), port);
        } finally {
            bindLock.unlock();
        }
    }

    private record Envelope(byte[] bytes, InetSocketAddress sender) {}

    /** Wakes a receive blocked on an empty queue when the port closes. */
    private static final Envelope CLOSED = new Envelope(new byte[0], null);

    private final class MemoryPort implements DatagramPort {
        final InetSocketAddress local;
        /** The address peers see this port's datagrams come from. */
        final InetSocketAddress visible;
        final BlockingQueue<Envelope> queue = new LinkedBlockingQueue<>(queueLimit);
        volatile boolean closed;

        MemoryPort(InetSocketAddress local) {
            this.local = local;
            this.visible = local.getAddress().isAnyLocalAddress()
                    ? new InetSocketAddress(InetAddress.getLoopbackAddress(), local.getPort())
                    : local;
        }

        @Override
        public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
            ensureOpen();
            if (datagram.remaining() > MAX_DATAGRAM) {
                throw new SocketException("Message too long: " + datagram.remaining() + " bytes");
            }
            byte[] bytes = new byte[datagram.remaining()];
            datagram.get(bytes);
            deliver(bytes, visible, target);
        }

        /** A timeout of 0 or less takes a datagram already queued, without waiting. */
        @Override
        public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
            ensureOpen();
            Envelope envelope;
            try {
                envelope = timeoutNanos <= 0 ? queue.poll() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // As an interruptible channel does: close, keep the interrupt, say why.
                close();
                Thread.currentThread().interrupt();
                throw new ClosedByInterruptException();
            }
            ensureOpen();
            if (envelope == null) {
                return null;
            }
            into.clear();
            into.put(envelope.bytes(), 0, Math.min(envelope.bytes().length, into.capacity()));
            into.flip();
            return envelope.sender();
        }

        @Override
        public InetSocketAddress localAddress() {
            return local;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            unbind(this);
            queue.clear();
            queue.offer(CLOSED);
        }

        private void ensureOpen() throws ClosedChannelException {
            if (closed) {
                throw new ClosedChannelException();
            }
        }

        @Override
        public String toString() {
            return "in-memory " + local;
        }
    }
}
