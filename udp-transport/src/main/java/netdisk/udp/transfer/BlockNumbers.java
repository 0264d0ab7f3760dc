package netdisk.udp.transfer;

/**
 * Between the 16-bit block numbers on the wire and the 64-bit counts inside.
 *
 * <p>Past 65535 the wire number wraps to 0 (what tftp-hpa and curl do), so block 65536 travels as
 * 0. A received number is mapped to the count nearest to what we expect; that is unambiguous
 * while fewer than 32768 blocks are in flight, which {@code TransferParameters.MAX_WINDOW}
 * guarantees.
 */
public final class BlockNumbers {

    private static final long MASK = 0xFFFF;
    private static final long SPAN = 0x10000;

    private BlockNumbers() {}

    /** The wire number of block {@code count}. */
    public static int toWire(long count) {
        return (int) (count & MASK);
    }

    /** The block count, nearest to {@code reference}, whose wire number is {@code wire}. */
    public static long expand(int wire, long reference) {
        long candidate = (reference & ~MASK) | (wire & MASK);
        long distance = candidate - reference;
        if (distance > SPAN / 2) {
            candidate -= SPAN;
        } else if (distance <= -SPAN / 2) {
            candidate += SPAN;
        }
        return candidate;
    }
}
