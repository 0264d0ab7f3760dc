/**
 * The TFTP packet model and its one codec.
 *
 * <p>Every packet kind of RFC 1350 (RRQ, WRQ, DATA, ACK, ERROR) and RFC 2347 (OACK) is an
 * immutable record of the sealed {@link netdisk.udp.packet.Packet} type. {@link
 * netdisk.udp.packet.PacketCodec} turns datagrams into packets and back; it never does I/O and
 * never throws anything but {@link netdisk.udp.packet.MalformedPacketException} on bad input.
 * Addresses travel beside packets, never inside them.
 */
package netdisk.udp.packet;
