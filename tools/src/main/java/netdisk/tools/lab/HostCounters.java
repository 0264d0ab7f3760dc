package netdisk.tools.lab;

/**
 * What the kernel of one lab host counted: on its link device (nftables) and in its UDP and TCP
 * stacks (/proc/net/snmp, what {@code nstat} reads). Absolute values; {@link #minus} gives what
 * happened between two readings.
 *
 * @param arrivals packets that arrived on the link, before the lab's loss rule
 * @param lostPackets arriving packets the lab's loss rule dropped
 * @param firewallDrops outgoing packets the lab's "local firewall" rule refused (EPERM to the sender)
 * @param udpReceiveBufferErrors datagrams the kernel dropped because a socket's receive buffer was full
 * @param udpSendBufferErrors datagrams a full send buffer or queue refused
 * @param tcpRetransmittedSegments TCP segments this host sent again
 */
public record HostCounters(Arrivals arrivals, long lostPackets, long firewallDrops, long udpReceiveBufferErrors,
        long udpSendBufferErrors, long tcpRetransmittedSegments) {

    public static final HostCounters ZERO = new HostCounters(Arrivals.ZERO, 0, 0, 0, 0, 0);

    public HostCounters minus(HostCounters earlier) {
        return new HostCounters(arrivals.minus(earlier.arrivals), lostPackets - earlier.lostPackets,
                firewallDrops - earlier.firewallDrops, udpReceiveBufferErrors - earlier.udpReceiveBufferErrors,
                udpSendBufferErrors - earlier.udpSendBufferErrors,
                tcpRetransmittedSegments - earlier.tcpRetransmittedSegments);
    }
}
