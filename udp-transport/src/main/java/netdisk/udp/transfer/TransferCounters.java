package netdisk.udp.transfer;

/**
 * What happened during a transfer, counted as it happens. Mutable, owned by one transfer's
 * thread; {@link #snapshot} gives an immutable copy.
 */
public final class TransferCounters {

    long blocks;
    long bytes;
    long retransmissions;
    long duplicates;
    long timeouts;
    long strays;
    long malformed;
    long ignored;
    long lost;
    long sendFailures;
    /** Losses a flow sender declared that turned out late, not lost (the block was acknowledged before it went again). */
    long spurious;
    /** Blocks the peer sent more than once, as a receiving side counts them; -1 on a sending side. */
    long peerResent = -1;
    /**
     * DATA datagrams an RFC-mode receiver got, copies included; -1 elsewhere. Its snapshot reports
     * what arrived beyond the blocks written as {@code peerResent}.
     */
    long dataReceived = -1;

    /** Datagrams from another TID, answered with ERROR 5 (RFC 1350 §4). */
    public void countStray() {
        strays++;
    }

    /**
     * A datagram the kernel refused to send (a local firewall's EPERM, a full queue's ENOBUFS or
     * EAGAIN, ECONNREFUSED left by an ICMP error): to the protocol it is a lost datagram.
     */
    public void countSendFailure() {
        sendFailures++;
    }

    /** Datagrams from the peer that did not decode. */
    public void countMalformed() {
        malformed++;
    }

    public TransferStatistics snapshot(long elapsedNanos, long smoothedRttNanos) {
        return new TransferStatistics(blocks, bytes, retransmissions, duplicates, timeouts, strays, malformed,
                ignored, lost, sendFailures, dataReceived >= 0 ? Math.max(0, dataReceived - blocks) : peerResent,
                elapsedNanos, smoothedRttNanos);
    }
}
