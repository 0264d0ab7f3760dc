package netdisk.udp.transfer;

import java.util.Optional;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Packet;

/**
 * One side of one transfer, as a state machine without I/O.
 *
 * <p>Times are {@link System#nanoTime()} values supplied by the caller, so tests can drive a
 * machine with a fake clock. Packets handed in come from the peer's TID only; the loop filters
 * strangers.
 */
public interface TransferMachine {

    /** The first reaction: the opening packet (request, OACK, ACK 0) or the first window of data. */
    Reaction start(long now);

    /** A packet from the peer arrived. */
    Reaction onPacket(Packet packet, long now);

    /**
     * An OACK from the peer that did not decode because of an option ({@code BAD_OPTION} or
     * {@code BAD_OPTION_VALUE}, e.g. {@code blksize 7}); no other malformed datagram reaches a
     * machine. Like any damaged datagram it is ignored by default (the loop has counted it). A
     * client still waiting for the first reply to a request with options refuses it with ERROR 8
     * instead (spec/protocol.md 5.2): no transfer exists yet, so waiting could only end in a
     * timeout, while ERROR 8 lets the client retry without options at once.
     *
     * @return the reaction, or empty to ignore the datagram
     */
    default Optional<Reaction> onMalformedOptionAck(MalformedPacketException problem, long now) {
        return Optional.empty();
    }

    /** The deadline of the last {@link Reaction.Continue} passed without a packet. */
    Reaction onTimeout(long now);

    /** Counters of what happened so far; the loop adds what it filtered. */
    TransferCounters counters();

    /** The smoothed round trip measured so far (RFC 6298 SRTT), or -1 before any sample. */
    long smoothedRttNanos();

    /**
     * Whether the final block has been sent (sender) or received (receiver): from here on the
     * peer may have everything and move on to a new request, so the server no longer takes a
     * request from the peer's port for a retransmission of the one that started this transfer.
     */
    boolean finalBlockPassed();
}
