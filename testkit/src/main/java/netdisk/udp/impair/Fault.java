package netdisk.udp.impair;

import java.time.Duration;
import java.util.Objects;

/**
 * One rule of an {@link ImpairmentPlan}: an {@link Effect}, which datagrams it may hit ({@link
 * Match}), and with what probability each of those is hit.
 *
 * <pre>{@code
 * Fault.drop().probability(0.05)                          // lose 5 % of everything
 * Fault.drop().matching(Match.data().nth(3))              // lose exactly the 3rd DATA
 * Fault.duplicate().matching(Match.ack().block(5))        // every ACK 5 arrives twice
 * Fault.delay(Duration.ofMillis(30)).matching(Match.oack().nth(1))
 * }</pre>
 * A fault without {@link #matching} hits every datagram; without {@link #probability} it hits
 * every datagram it matches. Probabilities draw from the port's seeded random source, so a run
 * is reproducible from the plan's seed.
 */
public record Fault(Effect effect, Match match, double probability) {

    public Fault {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(match, "match");
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be in 0..1: " + probability);
        }
    }

    private static Fault of(Effect effect) {
        return new Fault(effect, Match.any(), 1.0);
    }

    /** Lose the datagram. */
    public static Fault drop() {
        return of(new Effect.Drop());
    }

    /** Deliver the datagram twice. */
    public static Fault duplicate() {
        return duplicate(1);
    }

    /** Deliver the datagram {@code 1 + copies} times. */
    public static Fault duplicate(int copies) {
        return of(new Effect.Duplicate(copies));
    }

    /** Hold the datagram until the next one of its direction has gone through. */
    public static Fault reorder() {
        return reorder(1);
    }

    /** Hold the datagram until {@code after} later ones of its direction have gone through. */
    public static Fault reorder(int after) {
        return of(new Effect.Reorder(after));
    }

    /** Hold the datagram for {@code delay}. */
    public static Fault delay(Duration delay) {
        return delay(delay, delay);
    }

    /** Hold the datagram for a duration drawn uniformly from {@code min..max}. */
    public static Fault delay(Duration min, Duration max) {
        return of(new Effect.Delay(min, max));
    }

    /** Flip one bit of the 4-byte header (opcode and block number). */
    public static Fault corrupt() {
        return corrupt(Effect.Corrupt.Region.HEADER);
    }

    /** Flip one bit anywhere in the datagram, payload included. */
    public static Fault corruptAnywhere() {
        return corrupt(Effect.Corrupt.Region.ANYWHERE);
    }

    /** Flip one bit within {@code region}. */
    public static Fault corrupt(Effect.Corrupt.Region region) {
        return of(new Effect.Corrupt(region));
    }

    /** Cut the datagram to a random shorter length. */
    public static Fault truncate() {
        return of(new Effect.Truncate(Effect.Truncate.RANDOM_LENGTH));
    }

    /** Cut the datagram to {@code keepBytes} bytes. */
    public static Fault truncateTo(int keepBytes) {
        if (keepBytes < 0) {
            throw new IllegalArgumentException("keepBytes must be >= 0: " + keepBytes);
        }
        return of(new Effect.Truncate(keepBytes));
    }

    /** This fault, applied only to datagrams {@code match} selects. */
    public Fault matching(Match match) {
        return new Fault(effect, match, probability);
    }

    /** This fault, hitting each selected datagram with probability {@code p} (0 = never). */
    public Fault probability(double p) {
        return new Fault(effect, match, p);
    }

    @Override
    public String toString() {
        return effect + " " + match + (probability < 1.0 ? " p=" + probability : "");
    }
}
