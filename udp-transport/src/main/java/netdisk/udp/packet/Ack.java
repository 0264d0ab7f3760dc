package netdisk.udp.packet;

/**
 * ACK (opcode 4, RFC 1350 §5): acknowledges DATA {@code block}; ACK 0 answers a WRQ or an OACK.
 *
 * <pre>
 *  2 bytes    2 bytes
 * +--------+----------+
 * |   04   |  block   |
 * +--------+----------+
 * </pre>
 */
public record Ack(int block) implements Packet {

    public Ack {
        BlockNumber.check(block);
    }

    @Override
    public Opcode opcode() {
        return Opcode.ACK;
    }
}
