package netdisk.udp.flow;

/**
 * A token bucket that spreads a flow sender's datagrams over time at the controller's rate, so
 * a window leaves as a stream rather than a burst that overflows a switch port or a Wi-Fi queue.
 *
 * <p>The bucket holds up to {@link #BURST_NANOS} worth of sending. It has to hold that much: the
 * sender sleeps in a selector with millisecond resolution, so a bucket that held less would cap
 * the rate at what fits between two wake-ups.
 */
public final class Pacer {

    static final long BURST_NANOS = 2_000_000;
    private static final int MIN_BURST_PACKETS = 2;

    private final int packetBytes;
    private double tokens;
    private long updatedAt;
    private boolean started;

    public Pacer(int packetBytes) {
        this.packetBytes = packetBytes;
    }

    /** Whether a datagram may leave now at {@code rate} bytes per second. */
    public boolean maySend(long now, double rate) {
        refill(now, rate);
        return tokens >= packetBytes;
    }

    /** A datagram of {@code bytes} left. */
    public void sent(int bytes) {
        tokens -= bytes;
    }

    /** When the bucket will next hold a whole datagram. */
    public long nextSendTime(long now, double rate) {
        refill(now, rate);
        if (tokens >= packetBytes) {
            return now;
        }
        return now + (long) Math.ceil((packetBytes - tokens) * 1e9 / rate);
    }

    private void refill(long now, double rate) {
        double capacity = Math.max(MIN_BURST_PACKETS * (double) packetBytes, rate * BURST_NANOS / 1e9);
        if (!started) {
            started = true;
            tokens = capacity;
        } else if (now > updatedAt) {
            tokens = Math.min(capacity, tokens + rate * (now - updatedAt) / 1e9);
        }
        updatedAt = now;
    }
}
