package netdisk.udp.packet;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * FLOW_DATA (opcode 0x4E44, "ND"; spec/protocol.md 16): one block of a transfer in netdisk's flow
 * mode, which two netdisk peers negotiate with the {@code netdisk-flow} option.
 *
 * <pre>
 *  2 bytes    8 bytes      8 bytes       n bytes
 * +--------+-----------+------------+------------+
 * |  4E44  |   block   |  sequence  |    data    |
 * +--------+-----------+------------+------------+
 * </pre>
 *
 * <p>{@code block} is the 64-bit block number (from 1; never wraps). {@code sequence} numbers
 * every datagram the sender sends, retransmissions included, from 1 and always growing: the
 * receiver echoes the largest it has seen, so the sender knows which transmission of a block
 * arrived and times the round trip without Karn's ambiguity (as QUIC's packet numbers).
 *
 * @param payload a read-only view; the record never exposes a writable buffer
 */
public record FlowData(long block, long sequence, ByteBuffer payload) implements Packet {

    /** Opcode, block and sequence. */
    public static final int HEADER_BYTES = 18;

    /**
     * The largest payload: the largest datagram (a DATA of the largest RFC 2348 block, 65468
     * bytes) less this header. A server granting flow mode lowers a larger blksize to it.
     */
    public static final int MAX_PAYLOAD = PacketCodec.MAX_PACKET_SIZE - HEADER_BYTES;

    public FlowData {
        if (block < 1) {
            throw new IllegalArgumentException("block must be at least 1: " + block);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1: " + sequence);
        }
        Objects.requireNonNull(payload, "payload");
        payload = payload.slice().asReadOnlyBuffer();
    }

    public static FlowData of(long block, long sequence, byte[] bytes) {
        return new FlowData(block, sequence, ByteBuffer.wrap(bytes));
    }

    @Override
    public Opcode opcode() {
        return Opcode.FLOW_DATA;
    }

    /** A fresh read-only view, positioned at 0. */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    public int length() {
        return payload.remaining();
    }

    /** A copy of the payload bytes. */
    public byte[] bytes() {
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        return copy;
    }

    @Override
    public String toString() {
        return "FlowData[block=" + block + ", sequence=" + sequence + ", length=" + length() + "]";
    }
}
