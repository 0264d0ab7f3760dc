package netdisk.udp.impair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
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
        List<Rule> firing = new ArrayList<>(2);
        // Every rule sees every datagram, so occurrence counts do not depend on other rules.
        for (Rule rule : rules) {
            if (rule.fires(kind)) {
                firing.add(rule);
            }
        }
        for (Rule rule : firing) {
            if (rule.fault.effect() instanceof Effect.Drop drop) {
                counters.dropped.incrementAndGet();
                observer.accept(new Decision(port, direction, seq, kind, List.of(drop)));
                return List.of();
            }
        }

        byte[] bytes = datagram.bytes();
        List<Effect> applied = new ArrayList<>(firing.size());
        int copies = 1;
        int after = 0;
        long delayNanos = 0;
        boolean corrupted = false;
        boolean truncated = false;
        boolean delayed = false;
        for (Rule rule : firing) {
            switch (rule.fault.effect()) {
                case Effect.Drop drop -> throw new AssertionError("handled above");
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
        count(corrupted, counters.corrupted);
        count(truncated, counters.truncated);
        count(delayed, counters.delayed);
        count(after > 0, counters.reordered);
        counters.duplicated.addAndGet(copies - 1);
        observer.accept(new Decision(port, direction, seq, kind, applied));

        Datagram damaged = new Datagram(bytes, datagram.peer());
        if (after > 0 || delayNanos > 0) {
            held.add(new Held(damaged, copies, after, now + delayNanos));
            return List.of();
        }
        List<Datagram> out = new ArrayList<>(copies);
        deliver(damaged, copies, out);
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

    private static void count(boolean happened, java.util.concurrent.atomic.AtomicLong counter) {
        if (happened) {
            counter.incrementAndGet();
        }
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
