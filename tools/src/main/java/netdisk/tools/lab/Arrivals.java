package netdisk.tools.lab;

/**
 * Packets that arrived on one link device, as its netdev ingress chain counted them: what the
 * other end put on that wire. Counted on arrival, not on departure, because the kernel segments
 * TCP's super-packets (software GSO) only after the egress hook; on ingress every packet is one
 * wire packet (GRO is off). Bytes are IP bytes (the Ethernet header is not counted).
 *
 * @param dropped packets this veth pair dropped before they could be counted here (the sending
 *     end's tx_dropped and this end's rx_dropped: a full queue); part of what the sender put on
 *     the wire, and lost
 */
public record Arrivals(long packets, long bytes, long udpPackets, long udpBytes, long tcpPackets, long tcpBytes,
        long dropped) {

    public static final Arrivals ZERO = new Arrivals(0, 0, 0, 0, 0, 0, 0);

    public Arrivals minus(Arrivals earlier) {
        return new Arrivals(packets - earlier.packets, bytes - earlier.bytes, udpPackets - earlier.udpPackets,
                udpBytes - earlier.udpBytes, tcpPackets - earlier.tcpPackets, tcpBytes - earlier.tcpBytes,
                dropped - earlier.dropped);
    }

    /** The same arrivals with {@code more} packets dropped before them. */
    Arrivals plusDropped(long more) {
        return new Arrivals(packets, bytes, udpPackets, udpBytes, tcpPackets, tcpBytes, dropped + more);
    }

    /** What the sending end put on this wire: what arrived and what the pair dropped. */
    public long sentPackets() {
        return packets + dropped;
    }
}
