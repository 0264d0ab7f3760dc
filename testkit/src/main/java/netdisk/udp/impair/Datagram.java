package netdisk.udp.impair;

import java.net.InetSocketAddress;

/** Bytes and the far end's address (the target outbound, the sender inbound). Owns its array. */
record Datagram(byte[] bytes, InetSocketAddress peer) {}
