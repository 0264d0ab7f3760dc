package netdisk.udp.impair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The faults of one direction of one port, as a state machine without I/O: it takes datagrams
 * and the time, and answers with the datagrams that leave the layer now. {@link
 * ImpairedDatagramPort} does the sending and receiving around it. Not thread-safe.
 */
final class Impairer {

    private final int port;
    private final Direction direction;
    private final List<Rule> rules = new ArrayList<>();
    private final Consumer<Decision> observer;
    private final Counters counters = new Counters();
    /** Held datagrams in the order they were held. Few at a time, so a list scan is fine. */
    private final List<Held> held = new ArrayList<>();
    private long sequence;

    Impairer(ImpairmentPlan plan, int port, Direction direction) {
        this.port = port;
        this.direction = direction;
        this.observer = plan.observer();
        List<Fault> faults = plan.faults(direction);
        for (int i = 0; i < faults.size(); i++) {
            long ruleSeed = Seeds.derive(plan.seed(), port, direction.ordinal(), i);
            rules.add(new Rule(faults.get(i), new Random(ruleSeed)));
        }
    }

    /**
     * Takes a datagram entering the layer at time {@code now} (nanoseconds of the plan's clock)
     * and returns the datagrams that leave it now, in order: this one unless dropped or held,
     * its copies, then held ones that this one's passing made due.
     */
    List<Datagram> offer(Datagram datagram, long now) {
        long seq = ++sequence;
        counters.seen.incrementAndGet();
        Classification kind = Classification.of(datagram.bytes());
        List<Rule> firing = rulesFiringOn(kind);
        Effect.Drop drop = firstDrop(firing);
        if (drop != null) {
            counters.dropped.incrementAndGet();
            observer.accept(new Decision(port, direction, seq, kind, List.of(drop)));
            return List.of();
        }
        Damage damage = Damage.of(datagram, firing);
        damage.countInto(counters);
        observer.accept(new Decision(port, direction, seq, kind, damage.applied));
        if (damage.holds()) {
            held.add(new Held(damage.datagram(), damage.copies, damage.after, now + damage.delayNanos));
            return List.of();
        }
        return passNow(damage.datagram(), damage.copies, now);
    }

    /**
     * The rules whose fault hits a datagram of this kind. Every rule sees every datagram, even
     * when an earlier one drops it, so occurrence counts and random draws do not depend on other
     * rules.
     */
    private List<Rule> rulesFiringOn(Classification kind) {
        List<Rule> firing = new ArrayList<>(2);
        for (Rule rule : rules) {
            if (rule.fires(kind)) {
                firing.add(rule);
            }
        }
        return firing;
    }

    /** The first firing drop, or null: a dropped datagram takes no other effect. */
    private static Effect.Drop firstDrop(List<Rule> firing) {
        for (Rule rule : firing) {
            if (rule.fault.effect() instanceof Effect.Drop drop) {
                return drop;
            }
        }
        return null;
    }

    /**
     * Sends a datagram that is not held: its copies, then the held ones it made due. Each copy
     * that passes counts towards the reorder wait of every held datagram.
     */
    private List<Datagram> passNow(Datagram datagram, int copies, long now) {
        List<Datagram> out = new ArrayList<>(copies);
        deliver(datagram, copies, out);
        for (Held h : held) {
            h.after = Math.max(0, h.after - copies);
        }
        out.addAll(releaseDue(now));
        return out;
    }

    /** Held datagrams that are due at {@code now} (their delay over, their reorder count past). */
    List<Datagram> releaseDue(long now) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<Datagram> out = new ArrayList<>();
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.after == 0 && now - h.due >= 0) {
                it.remove();
                deliver(h.datagram, h.copies, out);
            }
        }
        return out;
    }

    /**
     * How long until a held datagram becomes due by time alone; {@link Long#MAX_VALUE} when none
     * will (nothing held, or only datagrams waiting for later traffic).
     */
    long nanosUntilDue(long now) {
        long min = Long.MAX_VALUE;
        for (Held h : held) {
            if (h.after == 0) {
                min = Math.min(min, Math.max(0, h.due - now));
            }
        }
        return min;
    }

    /** Forgets everything held (the port closed). */
    void discardHeld() {
        for (Held h : held) {
            counters.discarded.addAndGet(h.copies);
        }
        held.clear();
    }

    ImpairmentCounts counts() {
        return counters.snapshot();
    }

    private void deliver(Datagram datagram, int copies, List<Datagram> out) {
        for (int i = 0; i < copies; i++) {
            out.add(datagram);
        }
        counters.delivered.addAndGet(copies);
    }

    /** A fault with its own random stream and occurrence count. */
    private static final class Rule {
        final Fault fault;
        final Random random;
        long occurrences;

        Rule(Fault fault, Random random) {
            this.fault = fault;
            this.random = random;
        }

        /**
         * Whether the fault hits this datagram. Draws from the random stream only for datagrams
         * the match selects and only when the probability is strictly between 0 and 1, so the
         * draws depend on nothing but the traffic.
         */
        boolean fires(Classification datagram) {
            if (!fault.match().counts(datagram)) {
                return false;
            }
            occurrences++;
            if (!fault.match().selects(occurrences)) {
                return false;
            }
            double p = fault.probability();
            if (p >= 1.0) {
                return true;
            }
            return p > 0.0 && random.nextDouble() < p;
        }

        long drawDelayNanos(Effect.Delay delay) {
            long min = delay.min().toNanos();
            long max = delay.max().toNanos();
            return max > min ? min + random.nextLong(max - min + 1) : min;
        }

        /** Flips one bit in place; false when there is no byte it may touch. */
        boolean flipBit(byte[] bytes, Effect.Corrupt corrupt) {
            int range = corrupt.region().span(bytes.length);
            if (range == 0) {
                return false;
            }
            int bit = random.nextInt(range * 8);
            bytes[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
            return true;
        }

        /** A shorter copy, or {@code bytes} itself when it is already short enough. */
        byte[] truncate(byte[] bytes, Effect.Truncate truncate) {
            if (bytes.length == 0) {
                return bytes;
            }
            int keep = truncate.keepBytes() == Effect.Truncate.RANDOM_LENGTH
                    ? random.nextInt(bytes.length)
                    : truncate.keepBytes();
            return keep >= bytes.length ? bytes : Arrays.copyOf(bytes, keep);
        }
    }

    /**
     * What the firing rules (none of them a drop) do to one datagram: the bytes after corruption
     * and truncation, how many copies leave, and how long it is held (by time, or until
     * {@code after} later datagrams have passed). Effects apply in the plan's rule order.
     */
    private static final class Damage {
        private final Datagram original;
        private byte[] bytes;
        final List<Effect> applied;
        int copies = 1;
        int after;
        long delayNanos;
        private boolean corrupted;
        private boolean truncated;
        private boolean delayed;

        private Damage(Datagram original, int rules) {
            this.original = original;
            this.bytes = original.bytes();
            this.applied = new ArrayList<>(rules);
        }

        static Damage of(Datagram datagram, List<Rule> firing) {
            Damage damage = new Damage(datagram, firing.size());
            for (Rule rule : firing) {
                damage.apply(rule);
            }
            return damage;
        }

        private void apply(Rule rule) {
            switch (rule.fault.effect()) {
                case Effect.Drop drop -> throw new AssertionError("a drop takes no other effect");
                case Effect.Duplicate duplicate -> {
                    copies += duplicate.copies();
                    applied.add(duplicate);
                }
                case Effect.Reorder reorder -> {
                    after = Math.max(after, reorder.after());
                    applied.add(reorder);
                }
                case Effect.Delay delay -> {
                    delayNanos = Math.max(delayNanos, rule.drawDelayNanos(delay));
                    delayed = true;
                    applied.add(delay);
                }
                case Effect.Corrupt corrupt -> {
                    if (rule.flipBit(bytes, corrupt)) {
                        corrupted = true;
                        applied.add(corrupt);
                    }
                }
                case Effect.Truncate truncate -> {
                    byte[] cut = rule.truncate(bytes, truncate);
                    if (cut != bytes) {
                        bytes = cut;
                        truncated = true;
                        applied.add(truncate);
                    }
                }
            }
        }

        /** Whether it waits in the layer instead of leaving now. */
        boolean holds() {
            return after > 0 || delayNanos > 0;
        }

        Datagram datagram() {
            return new Datagram(bytes, original.peer());
        }

        /** Each effect counts once per datagram, however many rules had it; copies count each. */
        void countInto(Counters counters) {
            count(corrupted, counters.corrupted);
            count(truncated, counters.truncated);
            count(delayed, counters.delayed);
            count(after > 0, counters.reordered);
            counters.duplicated.addAndGet(copies - 1);
        }

        private static void count(boolean happened, AtomicLong counter) {
            if (happened) {
                counter.incrementAndGet();
            }
        }
    }

    /** A datagram waiting for its time ({@code due}) and for {@code after} more to pass. */
    private static final class Held {
        final Datagram datagram;
        final int copies;
        int after;
        final long due;

        Held(Datagram datagram, int copies, int after, long due) {
            this.datagram = datagram;
            this.copies = copies;
            this.after = after;
            this.due = due;
        }
    }
}
