package netdisk.udp.packet;

import java.nio.ByteBuffer;

/**
 * The first two bytes of every TFTP packet (RFC 1350 §5, RFC 2347 §3), and of netdisk's flow-mode packets.
 * 0x4E3F and 0x4E21 are taken too, by LAN discovery (spec/discovery.md), which is no TFTP packet:
 * a server's {@link netdisk.udp.server.ListenerExtension} sorts it out before this codec sees it.
 */
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
    OACK(6),
    /** Flow-mode data, netdisk only ("ND"; spec/protocol.md 16). */
    FLOW_DATA(0x4E44),
    /** Flow-mode selective acknowledgement, netdisk only ("NA"; spec/protocol.md 16). */
    FLOW_ACK(0x4E41),
    /** Flow-mode end: every block acknowledged, the receiver may stop dallying ("NF"; spec/protocol.md 16). */
    FLOW_DONE(0x4E46);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * Whether the datagram between {@code datagram}'s position and limit starts with {@code opcode},
     * decodable or not: the check for "never answer an ERROR with an ERROR" on a datagram that
     * failed to decode. Leaves the buffer as it was.
     */
    public static boolean isAt(ByteBuffer datagram, Opcode opcode) {
        return datagram.remaining() >= 2
                && Short.toUnsignedInt(datagram.getShort(datagram.position())) == opcode.code;
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
            case 0x4E44 -> FLOW_DATA;
            case 0x4E41 -> FLOW_ACK;
            case 0x4E46 -> FLOW_DONE;
            default -> null;
        };
    }
}
