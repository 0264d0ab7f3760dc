package netdisk.udp.flow;

import java.time.Duration;

/**
 * The knobs of flow mode.
 *
 * @param giveUp how long a side waits without hearing anything from its peer before it ends the
 *     transfer. A span of time, never a count of timeouts: while datagrams arrive the transfer
 *     goes on. 30 s by default: longer than any Wi-Fi roam or cable swap, short enough that a
 *     person waiting for an error gets one.
 * @param receiveBufferBytes how much a flow receiver holds out of order (blocks that came while
 *     an earlier one was missing); its window is this many bytes of blocks, at most {@link
 *     BlockBitmap#SPAN} blocks. Memory is taken only for blocks actually held. 16 MiB by
 *     default: a hole is repaired about one and a half round trips after the lost block left,
 *     and everything sent meanwhile must fit. With 8 MiB, a 50 ms path at 125 MB/s and 1 % loss
 *     (a hole almost always open) stalled on the window: in the seeded simulation a 64 MiB get
 *     took 1.63 s against 1.13 s with 16 MiB and 1.01 s without loss. On a LAN's sub-millisecond
 *     round trips a receiver holds a few blocks, whatever the cap.
 */
public record FlowSettings(Duration giveUp, int receiveBufferBytes) {

    public static final FlowSettings DEFAULT = new FlowSettings(Duration.ofSeconds(30), 16 << 20);

    public FlowSettings {
        if (giveUp == null || giveUp.isNegative() || giveUp.isZero()) {
            throw new IllegalArgumentException("giveUp must be positive");
        }
        if (receiveBufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("receiveBufferBytes must be at least 64 KiB");
        }
    }

    public FlowSettings withGiveUp(Duration value) {
        return new FlowSettings(value, receiveBufferBytes);
    }

    /** The receive window in blocks of {@code blockSize} bytes. */
    public int windowBlocks(int blockSize) {
        return (int) Math.min(BlockBitmap.SPAN, Math.max(64, receiveBufferBytes / Math.max(1, blockSize)));
    }
}
