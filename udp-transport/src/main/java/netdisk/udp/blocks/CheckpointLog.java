package netdisk.udp.blocks;

/**
 * One {@code long} per block for a run of consecutive block numbers {@code [first, end)}, kept
 * in a ring that grows on demand: what {@link NetasciiBlockSource} remembers to re-produce a
 * block. The oldest entries go when the receiver acknowledges them, so with a sender that
 * reports acknowledgements the log holds about one window's worth.
 */
final class CheckpointLog {

    private long[] ring = new long[16];
    private int head;
    private int count;
    private long first;

    CheckpointLog(long firstBlock) {
        this.first = firstBlock;
    }

    long first() {
        return first;
    }

    /** One past the newest entry. */
    long end() {
        return first + count;
    }

    /** The newest block number with an entry; the log is never empty once appended to. */
    long last() {
        return end() - 1;
    }

    boolean contains(long block) {
        return block >= first && block < end();
    }

    long get(long block) {
        if (!contains(block)) {
            throw new IllegalStateException("no checkpoint for block " + block);
        }
        return ring[(int) ((head + (block - first)) & (ring.length - 1))];
    }

    /** Adds the entry for {@link #end()}. */
    void append(long block, long value) {
        if (block != end()) {
            throw new IllegalStateException("checkpoint for block " + block + ", expected " + end());
        }
        if (count == ring.length) {
            long[] bigger = new long[ring.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + count) & (ring.length - 1)] = value;
        count++;
    }

    /** Drops entries up to and including {@code block}, but always keeps the newest one. */
    void dropThrough(long block) {
        long n = Math.min(count - 1L, block - first + 1);
        if (n <= 0) {
            return;
        }
        head = (int) ((head + n) & (ring.length - 1));
        count -= (int) n;
        first += n;
    }

    int size() {
        return count;
    }
}
