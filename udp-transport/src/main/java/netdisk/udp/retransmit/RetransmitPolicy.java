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
 * @param giveUp how long a side keeps retransmitting while it hears nothing at all from its peer
 *     before it considers the peer gone. A span of time, not a count of timeouts: counted
 *     timeouts that double from a millisecond floor run out in a fraction of a second on a LAN,
 *     and counted only since the last progress they ended transfers whose datagrams were still
 *     arriving (measured on a kernel link at 5 % loss each way). 30 s rides out a switch's
 *     spanning-tree reconvergence or a Wi-Fi roam; RFC 1123 §4.2.3.5 asks the same of TCP (R2 of
 *     at least 100 s is for the Internet). An opening nobody answered at all is given up after
 *     half of it, and a peer that is heard but makes no progress after twice it.
 * @param dallyFactor the receiver of the final block stays this many timeouts to re-ACK a
 *     repeated final DATA; a sender doubling its timeout retries at 1, 3 and 7 timeouts, so 8
 *     hears three attempts: a lost final ACK and two lost repeats
 */
public record RetransmitPolicy(
        Duration initialTimeout, Duration minTimeout, Duration maxTimeout, Duration giveUp, int dallyFactor) {

    public static final RetransmitPolicy DEFAULT = new RetransmitPolicy(
            Duration.ofMillis(250), Duration.ofMillis(2), Duration.ofSeconds(5), Duration.ofSeconds(30), 8);

    public RetransmitPolicy {
        Objects.requireNonNull(initialTimeout, "initialTimeout");
        Objects.requireNonNull(minTimeout, "minTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(giveUp, "giveUp");
        if (minTimeout.isNegative() || minTimeout.isZero()) {
            throw new IllegalArgumentException("minTimeout must be positive");
        }
        if (maxTimeout.compareTo(minTimeout) < 0) {
            throw new IllegalArgumentException("maxTimeout must not be below minTimeout");
        }
        if (giveUp.isNegative() || giveUp.isZero()) {
            throw new IllegalArgumentException("giveUp must be positive");
        }
        if (dallyFactor < 0) {
            throw new IllegalArgumentException("dallyFactor must not be negative");
        }
    }

    public RetransmitPolicy withMaxTimeout(Duration ceiling) {
        return new RetransmitPolicy(initialTimeout, minTimeout, ceiling, giveUp, dallyFactor);
    }

    public RetransmitPolicy withGiveUp(Duration silence) {
        return new RetransmitPolicy(initialTimeout, minTimeout, maxTimeout, silence, dallyFactor);
    }

    public RetransmitPolicy withInitialTimeout(Duration initial) {
        return new RetransmitPolicy(initial, minTimeout, maxTimeout, giveUp, dallyFactor);
    }
}
