package netdisk.udp.flow;

/**
 * Every FLOW_DATA datagram a flow sender has sent and not yet settled, by sequence number: which
 * block it carried, when it left, and how much had been delivered then (for the delivery-rate
 * samples of {@link RateController}).
 *
 * <p>A ring indexed by sequence: sequences only grow, and a datagram is settled (delivered or
 * lost) roughly in sending order, so the live span is a window {@code [oldest, next)} that slides
 * forward. The sender stops sending while the span is full.
 */
public final class SentLog {

    private static final int CAPACITY = 1 << 17;
    private static final int MASK = CAPACITY - 1;

    private final long[] blocks = new long[CAPACITY];
    private final long[] sentAt = new long[CAPACITY];
    private final long[] deliveredAtSend = new long[CAPACITY];
    private final long[] deliveredTimeAtSend = new long[CAPACITY];
    private final long[] firstSentAtSend = new long[CAPACITY];
    private final boolean[] settled = new boolean[CAPACITY];

    /** The next sequence to hand out; sequences start at 1. */
    private long next = 1;
    /** No sequence below this is unsettled. */
    private long oldest = 1;
    private long unsettled;

    /**
     * Records a datagram about to be sent and returns its sequence number.
     *
     * @param delivered bytes delivered so far
     * @param deliveredTime when the latest delivery was learnt
     * @param firstSent when the datagram whose delivery was learnt latest had been sent
     */
    public long record(long block, long now, long delivered, long deliveredTime, long firstSent) {
        if (isFull()) {
            throw new IllegalStateException("sent log full");
        }
        long seq = next++;
        int i = (int) (seq & MASK);
        blocks[i] = block;
        sentAt[i] = now;
        deliveredAtSend[i] = delivered;
        deliveredTimeAtSend[i] = deliveredTime;
        firstSentAtSend[i] = firstSent;
        settled[i] = false;
        unsettled++;
        return seq;
    }

    public boolean isFull() {
        return next - oldest >= CAPACITY;
    }

    /** The sequence the next datagram gets. */
    public long nextSequence() {
        return next;
    }

    /** The lowest sequence that may still be unsettled. */
    public long oldest() {
        return oldest;
    }

    /** Datagrams sent and neither delivered nor declared lost: in flight. */
    public long unsettled() {
        return unsettled;
    }

    /** Whether {@code seq} was sent and is not settled. */
    public boolean isPending(long seq) {
        return seq >= oldest && seq < next && !settled[(int) (seq & MASK)];
    }

    public long block(long seq) {
        return blocks[(int) (seq & MASK)];
    }

    public long sentAt(long seq) {
        return sentAt[(int) (seq & MASK)];
    }

    public long deliveredAtSend(long seq) {
        return deliveredAtSend[(int) (seq & MASK)];
    }

    public long deliveredTimeAtSend(long seq) {
        return deliveredTimeAtSend[(int) (seq & MASK)];
    }

    public long firstSentAtSend(long seq) {
        return firstSentAtSend[(int) (seq & MASK)];
    }

    /** Settles {@code seq} (delivered or lost) and slides {@link #oldest} past settled ones. */
    public void settle(long seq) {
        int i = (int) (seq & MASK);
        if (seq < oldest || seq >= next || settled[i]) {
            return;
        }
        settled[i] = true;
        unsettled--;
        while (oldest < next && settled[(int) (oldest & MASK)]) {
            oldest++;
        }
    }
}
