package netdisk.udp.retransmit;

import java.time.Duration;
import java.util.Optional;

/**
 * The timeout of the packet(s) in flight: where a retransmission is decided.
 *
 * <p>It starts at the policy's initial timeout, follows the {@link RttEstimator} once samples
 * arrive, stays between the floor and the ceiling, doubles on each consecutive timeout (RFC 6298
 * §5.5) and keeps the backed-off value until a fresh sample arrives (§5.7, Karn).
 *
 * <p>It also decides when the peer is gone, by time rather than by a count of timeouts: nothing
 * heard from the peer for the policy's give-up time (half of it while the opening was never
 * answered), or a peer that is heard but lets nothing progress for twice that.
 */
public final class RetransmitTimer {

    private static final long MAX_LEARNED_FLOOR_NANOS = 200_000_000L;
    /** The shortest dally: the highest floor a sender of ours can learn. */
    static final long MIN_DALLY_NANOS = MAX_LEARNED_FLOOR_NANOS;

    private final RetransmitPolicy policy;
    private final RttEstimator estimator = new RttEstimator();
    private long ceilingNanos;
    private long currentNanos;
    /** The floor in force: the policy's, raised by each timeout that turned out spurious. */
    private long floorNanos;
    private long minRttNanos = Long.MAX_VALUE;
    /** The timeout that fired last, before it was doubled: what a spurious one is undone to. */
    private long firedNanos;
    private long startedAt;
    private long lastHeard;
    private long lastProgress;
    private boolean heard;

    public RetransmitTimer(RetransmitPolicy policy) {
        this.policy = policy;
        this.ceilingNanos = policy.maxTimeout().toNanos();
        this.floorNanos = policy.minTimeout().toNanos();
        this.currentNanos = clamp(policy.initialTimeout().toNanos());
    }

    /** The transfer starts now: the give-up spans count from here until the peer is heard. */
    public void start(long now) {
        startedAt = now;
        lastHeard = now;
        lastProgress = now;
    }

    /** Something valid came from the peer: it is alive, whether or not it moved anything. */
    public void onHeard(long now) {
        heard = true;
        lastHeard = now;
    }

    /** The negotiated {@code timeout} option (RFC 2349) becomes the ceiling. */
    public void setCeiling(Duration ceiling) {
        this.ceilingNanos = Math.max(floorNanos, ceiling.toNanos());
        this.currentNanos = clamp(currentNanos);
    }

    /** How long to wait for an answer to what was just sent. */
    public long timeoutNanos() {
        return currentNanos;
    }

    /**
     * How long the answer to a final block may take beyond the round trip: its receiver stores
     * the file (an fsync of the file and its folder) before it acknowledges, which takes 2 ms on
     * a server's SSD, tens on a laptop's disk, and more for a big file's last writes. With the
     * 2 ms floor every small put and get resent its final block in vain (measured on loopback:
     * one retransmission per put, three or four per flow-mode get from a just-started client).
     */
    public static final long COMMIT_ALLOWANCE_NANOS = 50_000_000L;

    /** {@link #timeoutNanos()} when the final block is among what was just sent. */
    public long finalTimeoutNanos() {
        return Math.max(currentNanos, COMMIT_ALLOWANCE_NANOS);
    }

    /** A round trip measured on a packet that was sent once. */
    public void onRoundTrip(long rttNanos) {
        estimator.sample(rttNanos);
        minRttNanos = Math.min(minRttNanos, Math.max(0, rttNanos));
        currentNanos = clamp(estimator.timeoutNanos());
    }

    /**
     * Whether an answer that came {@code sinceTimeoutNanos} after our last timeout's
     * retransmission is too quick to answer it (under half the shortest round trip measured), so
     * it answers what was sent before: that timeout fired for nothing.
     */
    public boolean answersWhatWasSentBefore(long sinceTimeoutNanos) {
        return minRttNanos != Long.MAX_VALUE && sinceTimeoutNanos < minRttNanos / 2;
    }

    /**
     * The last timeout fired for nothing: the peer was slower than the timeout, not silent. The
     * floor rises to twice the timeout that fired (at most 200 ms, TCP's usual floor) and the
     * backoff is undone. A LAN round trip is tens of microseconds, but a loaded machine, a
     * garbage collection or a descheduled peer answers in milliseconds now and then; with a
     * fixed 2 ms floor each such pause resent a whole window (measured: 50 concurrent JVM
     * clients made a server resend 20-33 % of all blocks without any loss).
     */
    public void onSpuriousTimeout() {
        floorNanos = Math.max(floorNanos, Math.min(MAX_LEARNED_FLOOR_NANOS, 2 * firedNanos));
        currentNanos = clamp(estimator.hasSample() ? estimator.timeoutNanos() : firedNanos);
    }

    /** The floor in force now. */
    public long floorNanos() {
        return floorNanos;
    }

    /** The peer answered with something new (a new ACK, the next block, an accepted OACK). */
    public void onProgress(long now) {
        onHeard(now);
        lastProgress = now;
    }

    /**
     * The timer fired: back off, or give up.
     *
     * @return why the transfer should end now, or empty when the caller retransmits
     */
    public Optional<String> onTimeout(long now) {
        firedNanos = currentNanos;
        currentNanos = Math.min(ceilingNanos, currentNanos * 2);
        long giveUp = policy.giveUp().toNanos();
        if (!heard && now - startedAt >= giveUp / 2) {
            // Nobody ever answered (a wrong port, no server, a vanished client): there is no
            // transfer yet to save, and a person is waiting for the error.
            return Optional.of("no answer for " + describe(giveUp / 2));
        }
        if (now - lastHeard >= giveUp) {
            return Optional.of("nothing heard from the peer for " + describe(giveUp));
        }
        if (now - lastProgress >= 2 * giveUp) {
            return Optional.of("no progress for " + describe(2 * giveUp) + " although the peer still answers");
        }
        return Optional.empty();
    }

    /** The smoothed round trip, or -1 before the first sample. */
    public long smoothedRttNanos() {
        return estimator.smoothedNanos();
    }

    /**
     * How long the receiver of the final block keeps answering repeats of it: the policy's
     * number of our own timeouts, and never less than {@link #MIN_DALLY_NANOS}. Our timeout
     * estimates the sender's, but the sender may have learnt a higher floor (up to 200 ms) or be
     * a thread on a loaded host that wakes late: with 8 loopback timeouts (16 ms) a sender whose
     * repeat of the final block came later found the receiver gone, and failed a transfer that
     * had succeeded (seen in CI, a lost final ACK on a busy machine).
     */
    public long dallyNanos() {
        if (policy.dallyFactor() == 0) {
            return 0;
        }
        long byTimeouts = Math.max(floorNanos, currentNanos) * policy.dallyFactor();
        return Math.max(MIN_DALLY_NANOS, Math.min(ceilingNanos, byTimeouts));
    }

    /** A span for a person: "30 s", "250 ms". */
    static String describe(long nanos) {
        long millis = nanos / 1_000_000;
        return millis % 1000 == 0 && millis > 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private long clamp(long nanos) {
        return Math.max(floorNanos, Math.min(ceilingNanos, nanos));
    }
}
