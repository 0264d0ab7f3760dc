/**
 * Sockets: the {@link netdisk.udp.io.DatagramPort} seam; {@link netdisk.udp.io.TransferSession},
 * which runs one transfer state machine over one port event by event — sending what it says,
 * filtering packets from other TIDs; and the two ways to drive sessions: {@link
 * netdisk.udp.io.TransferLoop}, one thread blocked on one port (the client), and {@link
 * netdisk.udp.io.TransferReactor}, one thread serving many ports from a selector (the server).
 */
package netdisk.udp.io;
