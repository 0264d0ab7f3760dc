package netdisk.udp.packet;

import java.util.List;

/**
 * FLOW_ACK (opcode 0x4E41, "NA"; spec/protocol.md 16): the receiver's selective acknowledgement in
 * netdisk's flow mode.
 *
 * <pre>
 *  2 bytes   8 bytes    4 bytes   8 bytes      4 bytes  8 bytes   2 bytes  n × (4 + 4) bytes
 * +------+----------+---------+------------+--------+---------+-------+-------------------+
 * | 4E41 | largest  |  ack    | cumulative | window | largest | count |  gap  |  length  |…
 * |      | sequence | delay µs|            |        |  block  |       |       |          |
 * +------+----------+---------+------------+--------+---------+-------+-------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code largestSequence}: the largest FLOW_DATA sequence received (0: none yet), and
 *       {@code ackDelayMicros} how long after its arrival this ACK left (so the sender subtracts
 *       the receiver's own delay from the round trip).
 *   <li>{@code cumulative}: every block up to it is held (0: none); {@code window}: how many
 *       blocks above it the receiver will still take. The sender never sends a block above
 *       {@code cumulative + window}.
 *   <li>{@code ranges}: blocks held above {@code cumulative}, highest first, at most {@link
 *       #MAX_RANGES}. On the wire the first range ends at {@code largest block}; each range is
 *       (gap, length): {@code gap} blocks not reported between it and the range above (0 for the
 *       first), then {@code length} blocks held. A receiver with more ranges reports the highest:
 *       the lower ones were in earlier ACKs.
 * </ul>
 */
public record FlowAck(long largestSequence, int ackDelayMicros, long cumulative, int window, List<Range> ranges)
        implements Packet {

    /** Ranges per ACK: the ACK stays under 1,100 bytes, below any path's MTU. */
    public static final int MAX_RANGES = 128;

    /** Opcode through the range count. */
    public static final int FIXED_BYTES = 2 + 8 + 4 + 8 + 4 + 8 + 2;

    /** Blocks {@code first..last}, both included, held by the receiver. */
    public record Range(long first, long last) {
        public Range {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException("not a range of blocks: " + first + ".." + last);
            }
        }

        public long length() {
            return last - first + 1;
        }
    }

    public FlowAck {
        if (largestSequence < 0) {
            throw new IllegalArgumentException("largestSequence must not be negative");
        }
        if (ackDelayMicros < 0) {
            throw new IllegalArgumentException("ackDelayMicros must not be negative");
        }
        if (cumulative < 0) {
            throw new IllegalArgumentException("cumulative must not be negative");
        }
        if (window < 0) {
            throw new IllegalArgumentException("window must not be negative");
        }
        ranges = List.copyOf(ranges);
        if (ranges.size() > MAX_RANGES) {
            throw new IllegalArgumentException("at most " + MAX_RANGES + " ranges, not " + ranges.size());
        }
        long below = Long.MAX_VALUE;
        for (Range range : ranges) {
            // Highest first, apart, and above cumulative + 1 (which is missing, or it would be cumulative).
            if (range.last() >= below - 1 || range.first() <= cumulative + 1) {
                throw new IllegalArgumentException("ranges must be apart, highest first and above cumulative + 1: " + ranges);
            }
            if (range.length() > 0xFFFF_FFFFL || below != Long.MAX_VALUE && below - range.last() - 1 > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("a range or gap does not fit 32 bits: " + ranges);
            }
            below = range.first();
        }
    }

    /** The highest block held: the top of the first range, or {@code cumulative}. */
    public long largestBlock() {
        return ranges.isEmpty() ? cumulative : ranges.getFirst().last();
    }

    /** Whether {@code block} is held according to this ACK. */
    public boolean holds(long block) {
        if (block <= cumulative) {
            return true;
        }
        for (Range range : ranges) {
            if (block > range.last()) {
                return false;
            }
            if (block >= range.first()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Opcode opcode() {
        return Opcode.FLOW_ACK;
    }
}
