package netdisk.udp.impair;

import java.nio.ByteBuffer;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;

/**
 * A datagram's kind and, for DATA and ACK, its block number as on the wire (0–65535, so block 7
 * of a transfer that wrapped is block 7 again).
 *
 * @param block the wire block number, or {@link #NO_BLOCK} for kinds without one
 */
public record Classification(DatagramKind kind, int block) {

    /** The block of a kind that has none. */
    public static final int NO_BLOCK = -1;

    public Classification {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (block < NO_BLOCK || block > 0xFFFF) {
            throw new IllegalArgumentException("block out of range -1..65535: " + block);
        }
    }

    /**
     * Classifies the bytes between {@code datagram}'s position and limit with the same codec the
     * engine uses, so "malformed" here means "the engine will refuse it". Leaves the buffer as is.
     */
    public static Classification of(ByteBuffer datagram) {
        Packet packet;
        try {
            packet = PacketCodec.decode(datagram);
        } catch (MalformedPacketException e) {
            return new Classification(DatagramKind.MALFORMED, NO_BLOCK);
        }
        int block = switch (packet) {
            case Data d -> d.block();
            case Ack a -> a.block();
            case netdisk.udp.packet.FlowData d -> (int) (d.block() & 0xFFFF);
            case netdisk.udp.packet.FlowAck a -> (int) (a.cumulative() & 0xFFFF);
            default -> NO_BLOCK;
        };
        return new Classification(DatagramKind.of(packet.opcode()), block);
    }

    /** Classifies a whole array. */
    public static Classification of(byte[] datagram) {
        return of(ByteBuffer.wrap(datagram));
    }

    @Override
    public String toString() {
        return block == NO_BLOCK ? kind.toString() : kind + " " + block;
    }
}
