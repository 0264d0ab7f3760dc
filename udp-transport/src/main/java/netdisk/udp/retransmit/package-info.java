/**
 * When to retransmit and when to give up.
 *
 * <p>{@link netdisk.udp.retransmit.RttEstimator} follows the round trip as RFC 6298 does for TCP;
 * {@link netdisk.udp.retransmit.RetransmitTimer} turns it into the timeout of the packet in
 * flight, doubles it on each consecutive timeout and says when the peer is gone. Stock TFTP peers
 * wait a fixed 1–6 s per lost packet; following the measured round trip (microseconds on a LAN)
 * is what lets a transfer survive loss at full speed.
 */
package netdisk.udp.retransmit;
