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

    /** Datagrams from another TID, answered with ERROR 5 (RFC 1350 §4). */
    public void countStray() {
        strays++;
    }

    /** Datagrams from the peer that did not decode. */
    public void countMalformed() {
        malformed++;
    }

    public TransferStatistics snapshot(long elapsedNanos, long smoothedRttNanos) {
        return new TransferStatistics(blocks, bytes, retransmissions, duplicates, timeouts, strays, malformed,
                ignored, lost, elapsedNanos, smoothedRttNanos);
    }
}
