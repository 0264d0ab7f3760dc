package netdisk.udp.impair;

/** Which way a datagram travels through an {@link ImpairedDatagramPort}. */
public enum Direction {
    /** Sent by the port's owner, on its way to the network. */
    OUTBOUND,
    /** Received from the network, on its way to the port's owner. */
    INBOUND
}
