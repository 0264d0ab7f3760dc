package netdisk.udp.packet;

/** The first two bytes of every TFTP packet (RFC 1350 §5, RFC 2347 §3). */
public enum Opcode {
    /** Read request, RFC 1350. */
    RRQ(1),
    /** Write request, RFC 1350. */
    WRQ(2),
    /** Data, RFC 1350. */
    DATA(3),
    /** Acknowledgment, RFC 1350. */
    ACK(4),
    /** Error, RFC 1350. */
    ERROR(5),
    /** Option acknowledgment, RFC 2347. */
    OACK(6);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The opcode for {@code code}, or {@code null} when no packet kind has it. Never throws. */
    public static Opcode of(int code) {
        return switch (code) {
            case 1 -> RRQ;
            case 2 -> WRQ;
            case 3 -> DATA;
            case 4 -> ACK;
            case 5 -> ERROR;
            case 6 -> OACK;
            default -> null;
        };
    }
}
