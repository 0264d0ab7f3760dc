package netdisk.udp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Datagrams of another protocol that share the well-known port with TFTP, told apart by an
 * opcode TFTP does not use (netdisk's discovery, spec/discovery.md, is one). The listener asks
 * {@link #claims} of every datagram before it decodes it as TFTP; a claimed datagram never
 * reaches the TFTP codec, so it never gets a TFTP ERROR, and gets at most one answer from
 * {@link #answer}, sent from the well-known port.
 *
 * <p>The engine knows nothing of what the extension speaks; it holds it to one rule, the one
 * that keeps the port from being an amplifier: an answer larger than the datagram it answers is
 * not sent. Rate limits are the extension's: it knows which answers are worth giving.
 * Both methods run on the listener's thread, between two receives: they must not block.
 */
public interface ListenerExtension {

    /** No extension: every datagram is TFTP's. */
    ListenerExtension NONE = new ListenerExtension() {
        @Override
        public boolean claims(ByteBuffer datagram) {
            return false;
        }

        @Override
        public Optional<ByteBuffer> answer(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress listener) {
            return Optional.empty();
        }
    };

    /**
     * Whether the datagram between {@code datagram}'s position and limit is this extension's,
     * decided from its first bytes. Must leave the buffer as it was.
     */
    boolean claims(ByteBuffer datagram);

    /**
     * The answer to a claimed datagram from {@code from}, or empty for silence.
     *
     * @param datagram the claimed datagram between position and limit; read it, do not keep it
     * @param listener the well-known port's bound address (with the real port when bound to 0)
     * @return the bytes between the answer's position and limit; sent only if they are no more
     *     than the datagram's
     */
    Optional<ByteBuffer> answer(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress listener);

    /**
     * Multicast groups the well-known port must hear for this extension; the server joins each on
     * every interface that is up and can multicast, at start and again now and then (interfaces
     * come and go). The JDK turns off {@code IP_MULTICAST_ALL} and {@code IPV6_MULTICAST_ALL} on
     * its datagram sockets (Linux), so a socket hears only the groups it joined, even ff02::1,
     * which every IPv6 interface is a member of. None by default.
     */
    default List<InetAddress> multicastGroups() {
        return List.of();
    }
}
