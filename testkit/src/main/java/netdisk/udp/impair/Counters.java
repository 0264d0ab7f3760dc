package netdisk.udp.impair;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The live counts of one direction. Written by the port's owner, read by tests from any thread,
 * hence atomics (each count is exact; a snapshot taken mid-operation may mix before and after).
 */
final class Counters {

    final AtomicLong seen = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();
    final AtomicLong delayed = new AtomicLong();
    final AtomicLong corrupted = new AtomicLong();
    final AtomicLong truncated = new AtomicLong();
    final AtomicLong discarded = new AtomicLong();

    ImpairmentCounts snapshot() {
        return new ImpairmentCounts(seen.get(), delivered.get(), dropped.get(), duplicated.get(),
                reordered.get(), delayed.get(), corrupted.get(), truncated.get(), discarded.get());
    }
}
