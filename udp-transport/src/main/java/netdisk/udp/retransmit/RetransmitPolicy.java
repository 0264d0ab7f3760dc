package netdisk.udp.retransmit;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of retransmission.
 *
 * @param initialTimeout the timeout before any round trip was measured. RFC 6298 §2.1 says 1 s,
 *     for the Internet; on a LAN the first answer comes within a millisecond, and measured on a
 *     kernel link at 5 % loss each way, a lost opening packet (one of the three an opening
 *     needs, so one transfer in seven) cost a whole second of a two-second transfer. 250 ms still
 *     covers Wi-Fi power save and a cold peer's start, and the timer doubles from there.
 * @param minTimeout the floor: a LAN round trip is microseconds, but the receive timer has
 *     millisecond resolution and a JVM pauses now and then, so going lower only resends in vain
 * @param maxTimeout the ceiling when no {@code timeout} option was negotiated; a negotiated one
 *     (RFC 2349) replaces it
 * @param maxRetries consecutive timeouts after which the peer is considered gone
 * @param dallyFactor the receiver of the final block stays this many timeouts to re-ACK a
 *     repeated final DATA; a sender doubling its timeout retries at 1, 3 and 7 timeouts, so 8
 *     hears three attempts: a lost final ACK and two lost repeats
 */
public record RetransmitPolicy(
        Duration initialTimeout, Duration minTimeout, Duration maxTimeout, int maxRetries, int dallyFactor) {

    public static final RetransmitPolicy DEFAULT = new RetransmitPolicy(
            Duration.ofMillis(250), Duration.ofMillis(2), Duration.ofSeconds(5), 12, 8);

    public RetransmitPolicy {
        Objects.requireNonNull(initialTimeout, "initialTimeout");
        Objects.requireNonNull(minTimeout, "minTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (minTimeout.isNegative() || minTimeout.isZero()) {
            throw new IllegalArgumentException("minTimeout must be positive");
        }
        if (maxTimeout.compareTo(minTimeout) < 0) {
            throw new IllegalArgumentException("maxTimeout must not be below minTimeout");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        if (dallyFactor < 0) {
            throw new IllegalArgumentException("dallyFactor must not be negative");
        }
    }

    public RetransmitPolicy withMaxTimeout(Duration ceiling) {
        return new RetransmitPolicy(initialTimeout, minTimeout, ceiling, maxRetries, dallyFactor);
    }

    public RetransmitPolicy withMaxRetries(int retries) {
        return new RetransmitPolicy(initialTimeout, minTimeout, maxTimeout, retries, dallyFactor);
    }

    public RetransmitPolicy withInitialTimeout(Duration initial) {
        return new RetransmitPolicy(initial, minTimeout, maxTimeout, maxRetries, dallyFactor);
    }

    public RetransmitPolicy withMinTimeout(Duration floor) {
        return new RetransmitPolicy(initialTimeout, floor, maxTimeout, maxRetries, dallyFactor);
    }
}
