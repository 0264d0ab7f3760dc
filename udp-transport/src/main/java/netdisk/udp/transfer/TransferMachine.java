package netdisk.udp.transfer;

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

    /** The deadline of the last {@link Reaction.Continue} passed without a packet. */
    Reaction onTimeout(long now);

    /** Counters of what happened so far; the loop adds what it filtered. */
    TransferCounters counters();
}
