package netdisk.udp.io;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Optional;

/**
 * A {@link DatagramPort} on a real, unconnected, non-blocking {@link DatagramChannel}.
 *
 * <p>Unconnected on purpose: a connected socket would let the kernel drop datagrams from other
 * ports silently, but RFC 1350 §4 asks us to answer a stranger with ERROR 5, so the engine must
 * see them.
 *
 * <p>Non-blocking with a selector of its own, because that is the cheapest bounded wait the JDK
 * offers: a datagram already queued costs one {@code recvfrom}; otherwise one {@code epoll_wait}
 * and one {@code recvfrom}. The socket adaptor's timed receive switches the descriptor between
 * blocking modes around every call (two extra {@code fcntl}s and a {@code poll} per packet),
 * which halved lockstep throughput when measured.
 */
public final class ChannelDatagramPort implements DatagramPort {

    /** Big enough for bursts of a 64-packet window of large blocks without kernel drops. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    /**
     * How long a receive polls before it sleeps, when {@link SpinPolicy} allows it to poll at all.
     * A lockstep peer on a LAN answers in tens of
     * microseconds; sleeping in the kernel and being woken costs about as much again, per packet
     * (on an idle virtual machine ~100 µs: the vCPU halts). The poll loop yields between polls
     * rather than only hinting the CPU: when the cores are busy, the thread we wait for (the peer,
     * in the same process or not) may need this very core to produce the answer. Measured on
     * 2 vCPUs with one core kept busy: lockstep 28 MB/s with a pure spin, 65 MB/s yielding.
     */
    private static final long SPIN_NANOS = 40_000;
    /**
     * A wait past the spin that lasts longer than this means the peer is idle, not merely slower
     * than the spin this once: the following receives sleep without spinning (an idle peer costs
     * no CPU) until one is answered quickly again. Going quiet after any missed spin instead made
     * one late packet (a descheduled peer, a disk flush, a garbage collection) cost the next 16
     * receives a sleep and a wake-up each, and each wake-up delays the next one: on 2 vCPUs
     * lockstep ran at 40 MB/s instead of 70, and a windowed sender slept through the ACKs of 16
     * windows.
     */
    private static final long IDLE_NANOS = 1_000_000;

    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress local;
    /** The last wait past the spin lasted over {@link #IDLE_NANOS}: receives sleep without spinning. */
    private boolean peerIdle;
    /** Whether a spin pays now, and whether the process has room for one more (see there). */
    private final SpinPolicy spin = new SpinPolicy();

    private ChannelDatagramPort(DatagramChannel channel, Selector selector) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** Opens a channel bound to {@code local}; port 0 picks an ephemeral port. */
    public static ChannelDatagramPort bind(InetSocketAddress local) throws IOException {
        DatagramChannel channel = local.getAddress() instanceof Inet6Address
                ? DatagramChannel.open(StandardProtocolFamily.INET6)
                : DatagramChannel.open();
        Selector selector = null;
        try {
            trySetBuffer(channel, StandardSocketOptions.SO_RCVBUF);
            trySetBuffer(channel, StandardSocketOptions.SO_SNDBUF);
            channel.bind(local);
            channel.configureBlocking(false);
            selector = Selector.open();
            return new ChannelDatagramPort(channel, selector);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    private static void trySetBuffer(DatagramChannel channel, SocketOption<Integer> option) {
        try {
            channel.setOption(option, SOCKET_BUFFER_BYTES);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The kernel caps or refuses the size; the default still works, only burstier loss.
        }
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
        // A non-blocking send of a datagram either goes whole or not at all (full socket buffer);
        // the latter is a loss the protocol recovers from, like any other.
        channel.send(datagram, target);
    }

    @Override
    public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
        long start = System.nanoTime();
        long deadline = start + Math.max(0, timeoutNanos);
        try {
            InetSocketAddress from = poll(into);
            if (from != null || timeoutNanos <= 0) {
                return from;
            }
            if (!peerIdle && spin.tryStart()) {
                boolean cutShort = deadline - start < SPIN_NANOS;
                long spinEnd = cutShort ? deadline : start + SPIN_NANOS;
                try {
                    while (System.nanoTime() - spinEnd < 0) {
                        Thread.yield();
                        from = poll(into);
                        if (from != null) {
                            break;
                        }
                    }
                } finally {
                    if (from != null) {
                        spin.caught();
                    } else if (cutShort) {
                        spin.cutShort();
                    } else {
                        spin.missed();
                    }
                }
                if (from != null) {
                    return from;
                }
            }
            long sleepStart = System.nanoTime();
            while (true) {
                from = poll(into);
                if (from != null) {
                    judgePeer(sleepStart);
                    return from;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    judgePeer(sleepStart);
                    return null;
                }
                sleep(left);
            }
        } catch (ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
    }

    /** After a wait past the spin: quiet if the peer turned out idle, spinning again if it did not. */
    private void judgePeer(long waitStart) {
        peerIdle = System.nanoTime() - waitStart > IDLE_NANOS;
    }

    /**
     * Waits in the selector until a datagram is queued or {@code nanos} pass. The channel is in
     * the selector's epoll set only for the length of this wait: while it is registered, every
     * datagram queued for us and every send we complete runs epoll's wake-up callback in the
     * kernel (under a lock, interrupts off), and in a window at loopback speed that is several
     * percent of the sender's time. A sleep comes only after a spin of {@link #SPIN_NANOS} missed
     * (or while the peer is idle), so the two extra system calls to join and leave the set are
     * cheap by comparison.
     * Joining checks readiness, so a datagram that came just before is not missed.
     */
    private void sleep(long nanos) throws IOException {
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            // Selector timeouts are milliseconds and 0 means "forever": round up, at least 1.
            selector.select(Math.max(1, (nanos + 999_999) / 1_000_000));
            selector.selectedKeys().clear();
        } finally {
            key.cancel();
            // A cancelled key leaves the epoll set only at the next selection; do it now, or the
            // next register would find the cancelled key and fail.
            selector.selectNow();
        }
    }

    private InetSocketAddress poll(ByteBuffer into) throws IOException {
        into.clear();
        InetSocketAddress from = (InetSocketAddress) channel.receive(into);
        if (from != null) {
            into.flip();
        }
        return from;
    }

    /** The non-blocking channel itself: the port adds nothing between it and a receive. */
    @Override
    public Optional<SelectableChannel> selectableChannel() {
        return Optional.of(channel);
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The descriptor is released either way.
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Same.
        }
    }

    @Override
    public String toString() {
        return "udp " + local;
    }
}
