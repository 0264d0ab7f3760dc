package netdisk.udp.flow;

/**
 * One bit per block for a sliding span of {@link #SPAN} blocks above a moving base: the flow
 * sender's record of which blocks the receiver reported held.
 *
 * <p>A ring, so moving the base clears only the bits left behind. Blocks outside {@code
 * (base, base + SPAN]} cannot be asked about: the receiver's window keeps the sender inside it.
 */
public final class BlockBitmap {

    /** Blocks the span covers: the largest receive window a flow sender honours. */
    public static final int SPAN = 1 << 16;
    private static final int MASK = SPAN - 1;

    private final long[] words = new long[SPAN / 64];
    private long base;

    /** Every block up to {@code newBase} is now below the span (and counts as set). */
    public void advanceTo(long newBase) {
        if (newBase <= base) {
            return;
        }
        if (newBase - base >= SPAN) {
            java.util.Arrays.fill(words, 0);
        } else {
            clear(base + 1, newBase);
        }
        base = newBase;
    }

    public long base() {
        return base;
    }

    /** Sets blocks {@code first..last}, clipped to the span. */
    public void set(long first, long last) {
        long from = Math.max(first, base + 1);
        long to = Math.min(last, base + SPAN);
        for (long b = from; b <= to; b++) {
            int i = (int) (b & MASK);
            // Whole words at a time where the range allows: a long range costs SPAN/64 steps at most.
            if ((i & 63) == 0 && to - b >= 63) {
                words[i >>> 6] = -1L;
                b += 63;
            } else {
                words[i >>> 6] |= 1L << (i & 63);
            }
        }
    }

    /** Clears one block (a no-op outside the span). */
    public void clear(long block) {
        if (block > base && block <= base + SPAN) {
            int i = (int) (block & MASK);
            words[i >>> 6] &= ~(1L << (i & 63));
        }
    }

    /** Whether {@code block} is set; every block at or below the base is. */
    public boolean get(long block) {
        if (block <= base) {
            return true;
        }
        if (block > base + SPAN) {
            return false;
        }
        int i = (int) (block & MASK);
        return (words[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void clear(long first, long last) {
        for (long b = first; b <= last; b++) {
            int i = (int) (b & MASK);
            if ((i & 63) == 0 && last - b >= 63) {
                words[i >>> 6] = 0;
                b += 63;
            } else {
                words[i >>> 6] &= ~(1L << (i & 63));
            }
        }
    }
}
