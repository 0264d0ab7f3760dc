package netdisk.udp.impair;

/**
 * What the impairment layer did in one direction, a snapshot. {@code seen} counts datagrams
 * entering the layer; {@code delivered} counts datagrams leaving it (to the network outbound, to
 * the owner inbound), copies included. The others count datagrams an effect was applied to:
 * {@code duplicated} counts the extra copies, {@code discarded} datagrams still held at close.
 */
public record ImpairmentCounts(long seen, long delivered, long dropped, long duplicated, long reordered,
                               long delayed, long corrupted, long truncated, long discarded) {

    public static final ImpairmentCounts ZERO = new ImpairmentCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Datagrams held right now (or lost at close): seen + copies − delivered − dropped − discarded. */
    public long held() {
        return seen + duplicated - delivered - dropped - discarded;
    }

    /** The sum of two snapshots, e.g. over all ports of a factory. */
    public ImpairmentCounts plus(ImpairmentCounts o) {
        return new ImpairmentCounts(seen + o.seen, delivered + o.delivered, dropped + o.dropped,
                duplicated + o.duplicated, reordered + o.reordered, delayed + o.delayed,
                corrupted + o.corrupted, truncated + o.truncated, discarded + o.discarded);
    }
}
