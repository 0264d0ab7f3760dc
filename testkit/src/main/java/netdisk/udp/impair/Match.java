package netdisk.udp.impair;

/**
 * Which datagrams of one direction a {@link Fault} applies to: a kind (or any), optionally one
 * wire block number, and which occurrences of such datagrams count.
 *
 * <p>Occurrences are counted per port and per fault, over the datagrams that pass the kind and
 * block filter, in the order the impairment layer sees them (an engine's retransmission is a new
 * occurrence; a copy the layer made itself is not). So:
 * <pre>{@code
 * Match.data().nth(3)                  // the 3rd DATA
 * Match.ack().block(5)                 // every ACK 5
 * Match.data().block(7).firstTimes(2)  // DATA 7, the first 2 times it is seen
 * Match.data().fromNth(10)             // every DATA from the 10th on (a link that goes dead)
 * }</pre>
 *
 * @param kind the kind to match, or {@code null} for any
 * @param block the wire block number to match, or {@link Classification#NO_BLOCK} for any
 * @param firstOccurrence the first matching occurrence selected, counted from 1
 * @param lastOccurrence the last occurrence selected ({@link Long#MAX_VALUE}: no end)
 */
public record Match(DatagramKind kind, int block, long firstOccurrence, long lastOccurrence) {

    public Match {
        if (block < Classification.NO_BLOCK || block > 0xFFFF) {
            throw new IllegalArgumentException("block out of range 0..65535: " + block);
        }
        if (firstOccurrence < 1 || lastOccurrence < firstOccurrence) {
            throw new IllegalArgumentException(
                    "occurrences must satisfy 1 <= first <= last: " + firstOccurrence + ".." + lastOccurrence);
        }
    }

    /** Every datagram. */
    public static Match any() {
        return new Match(null, Classification.NO_BLOCK, 1, Long.MAX_VALUE);
    }

    /** Every datagram of {@code kind}. */
    public static Match of(DatagramKind kind) {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        return new Match(kind, Classification.NO_BLOCK, 1, Long.MAX_VALUE);
    }

    public static Match rrq() {
        return of(DatagramKind.RRQ);
    }

    public static Match wrq() {
        return of(DatagramKind.WRQ);
    }

    public static Match data() {
        return of(DatagramKind.DATA);
    }

    public static Match ack() {
        return of(DatagramKind.ACK);
    }

    public static Match error() {
        return of(DatagramKind.ERROR);
    }

    public static Match oack() {
        return of(DatagramKind.OACK);
    }

    public static Match malformed() {
        return of(DatagramKind.MALFORMED);
    }

    /** Only datagrams with this wire block number (so only DATA and ACK). */
    public Match block(int wireBlock) {
        if (wireBlock < 0) {
            throw new IllegalArgumentException("block out of range 0..65535: " + wireBlock);
        }
        return new Match(kind, wireBlock, firstOccurrence, lastOccurrence);
    }

    /** Only the {@code n}-th matching datagram (from 1). */
    public Match nth(long n) {
        return occurrences(n, n);
    }

    /** Only the first {@code n} matching datagrams. */
    public Match firstTimes(long n) {
        return occurrences(1, n);
    }

    /** The {@code n}-th matching datagram and every one after it. */
    public Match fromNth(long n) {
        return occurrences(n, Long.MAX_VALUE);
    }

    /** Matching datagrams number {@code first} to {@code last}, both included. */
    public Match occurrences(long first, long last) {
        return new Match(kind, block, first, last);
    }

    /** Whether {@code datagram} is of the kind and block this match counts. */
    boolean counts(Classification datagram) {
        return (kind == null || kind == datagram.kind())
                && (block == Classification.NO_BLOCK || block == datagram.block());
    }

    /** Whether the {@code occurrence}-th counted datagram (from 1) is selected. */
    boolean selects(long occurrence) {
        return occurrence >= firstOccurrence && occurrence <= lastOccurrence;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind == null ? "any" : kind.toString());
        if (block != Classification.NO_BLOCK) {
            s.append(" block ").append(block);
        }
        if (firstOccurrence == lastOccurrence) {
            s.append(" #").append(firstOccurrence);
        } else if (lastOccurrence != Long.MAX_VALUE) {
            s.append(" #").append(firstOccurrence).append("..").append(lastOccurrence);
        } else if (firstOccurrence > 1) {
            s.append(" #").append(firstOccurrence).append("..");
        }
        return s.toString();
    }
}
