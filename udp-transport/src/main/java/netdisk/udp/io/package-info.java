/**
 * Sockets: the {@link netdisk.udp.io.DatagramPort} seam and {@link netdisk.udp.io.TransferLoop},
 * the thin loop that runs one transfer state machine over one port — sending what it says,
 * waiting until its deadline, filtering packets from other TIDs.
 */
package netdisk.udp.io;
