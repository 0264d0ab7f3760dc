/**
 * The transfer state machines: {@link netdisk.udp.transfer.Sender} sends a file's blocks,
 * {@link netdisk.udp.transfer.Receiver} takes them. Each is written once and serves both client
 * and server in both directions (a server answering RRQ sends; a client doing WRQ sends).
 *
 * <p>They do no socket I/O and read no clock: they take "packet arrived" and "timer fired" with
 * the current time and answer with a {@link netdisk.udp.transfer.Reaction} — what to send and when
 * to wake up. {@code netdisk.udp.io.TransferSession} owns the socket. Every loss scenario is thus a
 * plain unit test.
 */
package netdisk.udp.transfer;
