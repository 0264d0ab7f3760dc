package netdisk.udp.io;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.util.Optional;

/**
 * One UDP socket as the transfer engine sees it: send a datagram, wait a bounded time for one.
 *
 * <p>The seam between the engine and the network. {@link ChannelDatagramPort} is the real
 * socket; the tests' {@code netdisk.udp.impair.ImpairedDatagramPort} (module testkit) wraps any
 * port to drop, duplicate, reorder, delay, corrupt or truncate datagrams under a seeded plan.
 * Not thread-safe: one transfer owns one port and uses it from one thread.
 */
public interface DatagramPort extends Closeable {

    /** Sends the bytes between {@code datagram}'s position and limit to {@code target}. */
    void send(ByteBuffer datagram, InetSocketAddress target) throws IOException;

    /**
     * Waits at most {@code timeoutNanos} for a datagram. On arrival, {@code into} is cleared,
     * filled with the datagram and flipped (position 0, limit = length), and the sender is
     * returned. A datagram longer than {@code into}'s capacity is truncated to it.
     *
     * @return the sender, or {@code null} when the time ran out
     * @throws java.nio.channels.ClosedChannelException when the port was closed, also from
     *     another thread while waiting (the way to stop a blocked receive)
     */
    InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException;

    /**
     * The socket under this port, for a {@link TransferReactor}'s selector to watch, when every
     * datagram it queues is one {@link #receive} returns: a real socket, or a wrapper that only
     * looks at what passes. Empty for a port that holds datagrams back or makes them up (the
     * simulated network, the impairment layer): those run on a {@link TransferLoop} of their own.
     */
    default Optional<SelectableChannel> selectableChannel() {
        return Optional.empty();
    }

    /** The bound local address (with the actual port when bound to port 0). */
    InetSocketAddress localAddress();

    @Override
    void close();
}
