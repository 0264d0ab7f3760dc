package netdisk.udp.server;

/**
 * {@code burst} answers at once, earned back at {@code perSecond}: what the well-known port may
 * send to strangers ({@link ListenerReplies}, netdisk's discovery answers). Time is the caller's
 * ({@link System#nanoTime} in service, a test's clock in tests). Not thread-safe.
 */
public final class TokenBucket {

    private final int burst;
    private final long nanosPerToken;
    private long tokens;
    private long refilledAt;

    public TokenBucket(int burst, int perSecond, long nowNanos) {
        if (burst < 1 || perSecond < 1) {
            throw new IllegalArgumentException("burst and rate must be positive: " + burst + ", " + perSecond);
        }
        this.burst = burst;
        this.nanosPerToken = 1_000_000_000L / perSecond;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Whether a token is there now (after what the time since the last refill earned). */
    public boolean available(long nowNanos) {
        refill(nowNanos);
        return tokens > 0;
    }

    /** Takes one, if there is one. */
    public boolean tryTake(long nowNanos) {
        if (!available(nowNanos)) {
            return false;
        }
        tokens--;
        return true;
    }

    private void refill(long nowNanos) {
        long earned = (nowNanos - refilledAt) / nanosPerToken;
        if (earned <= 0) {
            return;
        }
        if (tokens + earned >= burst) {
            tokens = burst;
            refilledAt = nowNanos;
        } else {
            tokens += earned;
            refilledAt += earned * nanosPerToken;
        }
    }
}
