package netdisk.udp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import netdisk.udp.io.DatagramPort;

/**
 * Single-port mode's switchboard (spec/protocol.md section 17): every transfer sends from the
 * well-known port, and what arrives there from a client with a transfer is routed to that
 * transfer's {@link DemuxedPort} by the client's address and port, the one thing that tells two
 * transfers apart when the server side of both is the same port.
 *
 * <p>The listener thread alone {@linkplain #open opens} ports and {@linkplain #deliver delivers}
 * datagrams, so the order of the datagrams on the wire decides which transfer gets one: what came
 * from a client before its new request goes to its old transfer, what came after to the new one.
 * Transfers send from their own threads, all through the one shared port; it must take sends from
 * many threads while one receives ({@link netdisk.udp.io.ChannelDatagramPort} does: a
 * {@code DatagramChannel} is safe for that).
 */
final class SinglePortDemux {

    /**
     * Datagrams one transfer may have waiting: past a window of 64 (RFC 7440 peers rarely ask more)
     * with room to spare; a flow-mode sender that outruns its receiver loses the rest, as to a full
     * socket buffer.
     */
    static final int MAX_QUEUED_DATAGRAMS = 1024;
    /** Bytes one transfer may have waiting: 16 blocks of the largest size, 734 of 1428 bytes. */
    static final int MAX_QUEUED_BYTES = 1 << 20;

    private final DatagramPort shared;
    private final InetSocketAddress localAddress;
    private final int maxDatagrams;
    private final int maxBytes;
    private final ConcurrentHashMap<InetSocketAddress, DemuxedPort> ports = new ConcurrentHashMap<>();

    /** Routes the datagrams of {@code shared}, the well-known port, which stays the caller's to close. */
    SinglePortDemux(DatagramPort shared) {
        this(shared, MAX_QUEUED_DATAGRAMS, MAX_QUEUED_BYTES);
    }

    SinglePortDemux(DatagramPort shared, int maxDatagrams, int maxBytes) {
        if (maxDatagrams < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be positive: " + maxDatagrams + ", " + maxBytes);
        }
        this.shared = shared;
        this.localAddress = shared.localAddress();
        this.maxDatagrams = maxDatagrams;
        this.maxBytes = maxBytes;
    }

    /**
     * A port for the transfer of {@code client}, which takes over the client's datagrams from now
     * on. A port the client had is {@linkplain DemuxedPort#supersede() superseded}: the client
     * asked for a new transfer from the same address and port, so it has moved on from the old one.
     */
    DemuxedPort open(InetSocketAddress client) {
        DemuxedPort port = new DemuxedPort(this, client, maxDatagrams, maxBytes);
        DemuxedPort old = ports.put(client, port);
        if (old != null) {
            old.supersede();
        }
        return port;
    }

    /**
     * Hands {@code datagram} (between position and limit, left as they are) to the transfer of
     * {@code from}, which drops it if its queue is full.
     *
     * @return whether {@code from} has a transfer here; if not, the datagram is the caller's
     */
    boolean deliver(InetSocketAddress from, ByteBuffer datagram) {
        DemuxedPort port = ports.get(from);
        if (port == null) {
            return false;
        }
        port.offer(datagram);
        return true;
    }

    /** How many transfers have a port (for tests). */
    int size() {
        return ports.size();
    }

    /** Closes every port still open: for the end of a server, after its transfers were cancelled. */
    void closeAll() {
        for (DemuxedPort port : List.copyOf(ports.values())) {
            port.close();
        }
    }

    InetSocketAddress localAddress() {
        return localAddress;
    }

    void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
        shared.send(datagram, target);
    }

    /** A port closed: its entry goes, unless a successor already holds it. */
    void removed(DemuxedPort port) {
        ports.remove(port.peer(), port);
    }
}
