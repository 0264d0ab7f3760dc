package netdisk.udp.impair;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Fault} does to a datagram it selects. Build them with {@link Fault}'s factories.
 *
 * <p>When several faults select one datagram, a {@link Drop} wins; otherwise corruption and
 * truncation change the bytes in plan order, duplicates add up, and the datagram is held until
 * the longest {@link Delay} is over and the largest {@link Reorder} count has gone past.
 */
public sealed interface Effect {

    /** The datagram is lost. */
    record Drop() implements Effect {}

    /** The datagram goes out {@code 1 + copies} times, back to back. */
    record Duplicate(int copies) implements Effect {
        public Duplicate {
            if (copies < 1) {
                throw new IllegalArgumentException("copies must be at least 1: " + copies);
            }
        }
    }

    /**
     * The datagram is held and released right after {@code after} later datagrams of the same
     * direction have gone straight through (held ones released meanwhile do not count). If no
     * later datagram comes, it stays held: to the peer that looks like a loss.
     */
    record Reorder(int after) implements Effect {
        public Reorder {
            if (after < 1) {
                throw new IllegalArgumentException("after must be at least 1: " + after);
            }
        }
    }

    /** The datagram is held for a duration drawn uniformly from {@code min..max} (both included). */
    record Delay(Duration min, Duration max) implements Effect {
        public Delay {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("delay must satisfy 0 <= min <= max: " + min + ".." + max);
            }
        }
    }

    /**
     * One bit is flipped, at a position drawn uniformly from the {@link Region}.
     *
     * <p>By default ({@link Region#HEADER}) only the first 4 bytes are hit: the opcode, and the
     * block number of DATA/ACK. TFTP has no checksum of its own, so payload damage would reach
     * the file unnoticed (a real network's UDP checksum turns it into a loss, which drop already
     * models); header damage is what the engine's checks exist for. Beware that a flipped block
     * number may alias a block the peer expects (a retransmitted DATA 2 becoming DATA 3), which
     * no TFTP peer can tell: a test that must end with an intact file should corrupt only the
     * {@link Region#OPCODE}, which the codec practically always refuses as malformed.
     */
    record Corrupt(Region region) implements Effect {
        public Corrupt {
            Objects.requireNonNull(region, "region");
        }

        /** Where the flipped bit may be. */
        public enum Region {
            /** The 2-byte opcode. */
            OPCODE(2),
            /** The 4-byte header: opcode and block number (or error code). */
            HEADER(4),
            /** Any byte, payload included: a link without checksums. */
            ANYWHERE(Integer.MAX_VALUE);

            private final int bytes;

            Region(int bytes) {
                this.bytes = bytes;
            }

            /** How many leading bytes of a {@code length}-byte datagram may be hit. */
            public int span(int length) {
                return Math.min(bytes, length);
            }
        }
    }

    /**
     * The datagram is cut to {@code keepBytes}, or, with {@link #RANDOM_LENGTH}, to a length drawn
     * uniformly from {@code 0..length-1}. A datagram already that short is left alone.
     */
    record Truncate(int keepBytes) implements Effect {
        public static final int RANDOM_LENGTH = -1;

        public Truncate {
            if (keepBytes < RANDOM_LENGTH) {
                throw new IllegalArgumentException("keepBytes must be >= 0: " + keepBytes);
            }
        }
    }
}
