package netdisk.udp.flow;

import java.util.ArrayList;
import java.util.List;
import netdisk.udp.packet.FlowAck;

/**
 * The blocks a flow receiver holds above its cumulative point, as sorted, disjoint ranges.
 *
 * <p>Kept as ranges rather than one flag per block because every FLOW_ACK lists them (highest
 * first) and the count of ranges is the count of holes, which loss keeps small next to the
 * window: adding a block and listing the ranges cost a binary search and a walk over the holes,
 * never a walk over the window.
 */
public final class HeldBlocks {

    /** Range i is firsts[i]..lasts[i], ascending, with a gap of at least one block between ranges. */
    private long[] firsts = new long[16];
    private long[] lasts = new long[16];
    private int size;
    private long count;

    /** Adds {@code block}; false when it was already held. */
    public boolean add(long block) {
        int i = indexOfRangeAtOrAbove(block);
        if (i < size && firsts[i] <= block) {
            return false; // inside range i
        }
        boolean joinsBelow = i > 0 && lasts[i - 1] == block - 1;
        boolean joinsAbove = i < size && firsts[i] == block + 1;
        if (joinsBelow && joinsAbove) {
            lasts[i - 1] = lasts[i];
            remove(i);
        } else if (joinsBelow) {
            lasts[i - 1] = block;
        } else if (joinsAbove) {
            firsts[i] = block;
        } else {
            insert(i, block, block);
        }
        count++;
        return true;
    }

    public boolean contains(long block) {
        int i = indexOfRangeAtOrAbove(block);
        return i < size && firsts[i] <= block;
    }

    /**
     * Removes and returns the lowest range when it starts at {@code next} (the block after the
     * cumulative point), so the receiver can deliver it; otherwise returns -1.
     *
     * @return the last block of the removed range, or -1
     */
    public long takeRunFrom(long next) {
        if (size == 0 || firsts[0] != next) {
            return -1;
        }
        long last = lasts[0];
        count -= last - firsts[0] + 1;
        remove(0);
        return last;
    }

    /** Blocks held. */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The highest block held, or -1. */
    public long highest() {
        return size == 0 ? -1 : lasts[size - 1];
    }

    /** Up to {@code max} ranges, highest first, as a FLOW_ACK carries them. */
    public List<FlowAck.Range> highestRanges(int max) {
        int n = Math.min(max, size);
        List<FlowAck.Range> out = new ArrayList<>(n);
        for (int i = size - 1; i >= size - n; i--) {
            out.add(new FlowAck.Range(firsts[i], lasts[i]));
        }
        return out;
    }

    /** The first range whose last block is at or above {@code block} (size when none). */
    private int indexOfRangeAtOrAbove(long block) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lasts[mid] < block) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insert(int i, long first, long last) {
        if (size == firsts.length) {
            firsts = java.util.Arrays.copyOf(firsts, size * 2);
            lasts = java.util.Arrays.copyOf(lasts, size * 2);
        }
        System.arraycopy(firsts, i, firsts, i + 1, size - i);
        System.arraycopy(lasts, i, lasts, i + 1, size - i);
        firsts[i] = first;
        lasts[i] = last;
        size++;
    }

    private void remove(int i) {
        System.arraycopy(firsts, i + 1, firsts, i, size - i - 1);
        System.arraycopy(lasts, i + 1, lasts, i, size - i - 1);
        size--;
    }
}
