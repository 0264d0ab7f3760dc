package netdisk.udp.retransmit;

/**
 * Smoothed round-trip time and its variation, per RFC 6298 §2 (alpha = 1/8, beta = 1/4, K = 4).
 *
 * <p>Callers feed only samples of packets that were sent once (Karn's algorithm, RFC 6298 §3):
 * the answer to a retransmitted packet cannot be matched to one of its copies.
 */
public final class RttEstimator {

    private long srttNanos = -1;
    private long rttvarNanos;

    /** Adds one measured round trip. */
    public void sample(long rttNanos) {
        long r = Math.max(0, rttNanos);
        if (srttNanos < 0) {
            srttNanos = r;
            rttvarNanos = r / 2;
        } else {
            rttvarNanos = rttvarNanos - (rttvarNanos >> 2) + (Math.abs(srttNanos - r) >> 2);
            srttNanos = srttNanos - (srttNanos >> 3) + (r >> 3);
        }
    }

    public boolean hasSample() {
        return srttNanos >= 0;
    }

    /** The smoothed round trip, or -1 before the first sample. */
    public long smoothedNanos() {
        return srttNanos;
    }

    /** SRTT + 4·RTTVAR, unclamped; only meaningful after a sample. */
    public long timeoutNanos() {
        return srttNanos + 4 * rttvarNanos;
    }
}
