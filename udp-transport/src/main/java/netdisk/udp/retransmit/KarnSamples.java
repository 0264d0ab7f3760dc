package netdisk.udp.retransmit;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Round trips timed only where the answer can belong to one copy alone: Karn's algorithm (RFC 6298
 * §3), written once for every RFC-mode machine. An answer to a packet that was sent twice may
 * answer the first copy (late, not lost) or the second; timing it from the second would make the
 * round trip look short, from the first long, so neither is timed.
 *
 * <p>One slot per packet that can be in flight at once: a single slot for the opening packet or a
 * lockstep ACK, {@code windowsize} slots for a window of DATA (a block goes to slot block mod
 * windowsize, as every block in flight lies within one window). Each copy gives at most one sample:
 * a second answer to the same copy is a duplicate, not another round trip.
 *
 * <p>Flow mode needs none of this: its sequence numbers tell every copy apart (spec/protocol.md 16).
 */
public final class KarnSamples {

    private final LongConsumer samples;
    private final long[] sentAt;
    private final boolean[] timeable;

    /** {@code slots} packets in flight at most; each round trip measured goes to {@code samples}. */
    public KarnSamples(int slots, LongConsumer samples) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        this.samples = Objects.requireNonNull(samples, "samples");
        this.sentAt = new long[slots];
        this.timeable = new boolean[slots];
    }

    /** One slot: a single packet in flight at a time. */
    public static KarnSamples single(LongConsumer samples) {
        return new KarnSamples(1, samples);
    }

    /**
     * A packet left at {@code now}. {@code onlyCopy}: its answer can only answer this copy (the
     * first copy; or a copy the peer asked for, when the protocol makes the peer ignore older ones).
     */
    public void sent(long slot, long now, boolean onlyCopy) {
        int i = index(slot);
        sentAt[i] = now;
        timeable[i] = onlyCopy;
    }

    public void sent(long now, boolean onlyCopy) {
        sent(0, now, onlyCopy);
    }

    /** The packet in flight was sent again without waiting for the answer: its answer is ambiguous now. */
    public void resent(long slot) {
        timeable[index(slot)] = false;
    }

    public void resent() {
        resent(0);
    }

    /** The answer to the packet in {@code slot} arrived: a round trip if it can only answer one copy. */
    public void answered(long slot, long now) {
        int i = index(slot);
        if (timeable[i]) {
            timeable[i] = false;
            samples.accept(now - sentAt[i]);
        }
    }

    public void answered(long now) {
        answered(0, now);
    }

    /** When the packet in {@code slot} last left, whatever copy it was. */
    public long sentAt(long slot) {
        return sentAt[index(slot)];
    }

    public long sentAt() {
        return sentAt(0);
    }

    private int index(long slot) {
        return (int) Math.floorMod(slot, (long) sentAt.length);
    }
}
