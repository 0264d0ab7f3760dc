package netdisk.udp.retransmit;

import java.time.Duration;

/**
 * The timeout of the packet(s) in flight: where a retransmission is decided.
 *
 * <p>It starts at the policy's initial timeout, follows the {@link RttEstimator} once samples
 * arrive, stays between the floor and the ceiling, doubles on each consecutive timeout (RFC 6298
 * §5.5) and keeps the backed-off value until a fresh sample arrives (§5.7, Karn). After {@code
 * maxRetries} consecutive timeouts the peer is considered gone.
 */
public final class RetransmitTimer {

    private final RetransmitPolicy policy;
    private final RttEstimator estimator = new RttEstimator();
    private long ceilingNanos;
    private long currentNanos;
    private int consecutiveTimeouts;
    private long totalTimeouts;

    public RetransmitTimer(RetransmitPolicy policy) {
        this.policy = policy;
        this.ceilingNanos = policy.maxTimeout().toNanos();
        this.currentNanos = clamp(policy.initialTimeout().toNanos());
    }

    /** The negotiated {@code timeout} option (RFC 2349) becomes the ceiling. */
    public void setCeiling(Duration ceiling) {
        this.ceilingNanos = Math.max(policy.minTimeout().toNanos(), ceiling.toNanos());
        this.currentNanos = clamp(currentNanos);
    }

    /** How long to wait for an answer to what was just sent. */
    public long timeoutNanos() {
        return currentNanos;
    }

    /** A round trip measured on a packet that was sent once. */
    public void onRoundTrip(long rttNanos) {
        estimator.sample(rttNanos);
        currentNanos = clamp(estimator.timeoutNanos());
    }

    /** The peer answered with something new: the count towards giving up starts again. */
    public void onProgress() {
        consecutiveTimeouts = 0;
    }

    /**
     * The timer fired: back off.
     *
     * @return {@code true} when this was one timeout too many and the transfer should end
     */
    public boolean onTimeout() {
        consecutiveTimeouts++;
        totalTimeouts++;
        currentNanos = Math.min(ceilingNanos, currentNanos * 2);
        return consecutiveTimeouts > policy.maxRetries();
    }

    public int consecutiveTimeouts() {
        return consecutiveTimeouts;
    }

    public long totalTimeouts() {
        return totalTimeouts;
    }

    /** The smoothed round trip, or -1 before the first sample. */
    public long smoothedRttNanos() {
        return estimator.smoothedNanos();
    }

    /** How long the receiver of the final block keeps answering repeats of it. */
    public long dallyNanos() {
        return Math.min(ceilingNanos, Math.max(policy.minTimeout().toNanos(), currentNanos) * policy.dallyFactor());
    }

    public int maxRetries() {
        return policy.maxRetries();
    }

    private long clamp(long nanos) {
        return Math.max(policy.minTimeout().toNanos(), Math.min(ceilingNanos, nanos));
    }
}
