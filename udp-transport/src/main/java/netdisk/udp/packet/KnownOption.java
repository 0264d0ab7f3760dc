package netdisk.udp.packet;

import java.util.Optional;

/**
 * Options whose values this implementation understands, with the syntax the codec enforces.
 *
 * <p>Values are unsigned decimal numbers. The codec checks syntax and the hard ranges of each
 * RFC; negotiation (what a server grants, what a client accepts) lives in {@code
 * netdisk.udp.options}. A request may ask for a blksize above 65464: RFC 2348 lets the server
 * answer with less, so only the lower bound is a decoding error.
 */
public enum KnownOption {
    /** RFC 2348: bytes of payload per DATA packet, 8–65464 (512 without the option). */
    BLKSIZE("blksize", 8, Long.MAX_VALUE),
    /** RFC 2349: transfer size in bytes; 0 in a read request asks the server for it. */
    TSIZE("tsize", 0, Long.MAX_VALUE),
    /** RFC 2349: retransmission timeout in seconds, 1–255. */
    TIMEOUT("timeout", 1, 255),
    /** RFC 7440: DATA packets per ACK, 1–65535. */
    WINDOWSIZE("windowsize", 1, 65535);

    /** Largest blksize RFC 2348 allows: a 65507-byte UDP payload less IP options, rounded down. */
    public static final int MAX_BLKSIZE = 65464;
    public static final int MIN_BLKSIZE = 8;
    public static final int DEFAULT_BLKSIZE = 512;

    private final String wireName;
    private final long min;
    private final long max;

    KnownOption(String wireName, long min, long max) {
        this.wireName = wireName;
        this.min = min;
        this.max = max;
    }

    public String wireName() {
        return wireName;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** The known option named {@code name} (any case). */
    public static Optional<KnownOption> named(String name) {
        for (KnownOption o : values()) {
            if (o.wireName.equalsIgnoreCase(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a value of this option.
     *
     * @throws MalformedPacketException {@code BAD_OPTION_VALUE} unless the value is 1–19 decimal
     *     digits within this option's range
     */
    public long parse(String value) throws MalformedPacketException {
        if (value.isEmpty() || value.length() > 19) {
            throw bad(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(value);
            }
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            // 19 digits can exceed Long.MAX_VALUE ("9999999999999999999"): decoding must stay total.
            throw bad(value);
        }
        if (parsed < min || parsed > max) {
            throw bad(value);
        }
        return parsed;
    }

    private MalformedPacketException bad(String value) {
        String range = max == Long.MAX_VALUE ? ">= " + min : min + ".." + max;
        return new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_VALUE,
                wireName + " must be a decimal number " + range + ", got \"" + value + "\"");
    }
}
