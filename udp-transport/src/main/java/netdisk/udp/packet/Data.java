package netdisk.udp.packet;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * DATA (opcode 3, RFC 1350 §5): one block of the file.
 *
 * <pre>
 *  2 bytes    2 bytes     n bytes
 * +--------+----------+------------+
 * |   03   |  block   |    data    |
 * +--------+----------+------------+
 * </pre>
 *
 * <p>{@code block} is the 16-bit number on the wire (0–65535); transfers longer than 65535
 * blocks wrap it to 0 and keep a 64-bit count elsewhere ({@code BlockNumbers}). A payload shorter
 * than the negotiated block size ends the transfer.
 *
 * @param payload a read-only view; the record never exposes a writable buffer
 */
public record Data(int block, ByteBuffer payload) implements Packet {

    public Data {
        BlockNumber.check(block);
        Objects.requireNonNull(payload, "payload");
        payload = payload.slice().asReadOnlyBuffer();
    }

    public static Data of(int block, byte[] bytes) {
        return new Data(block, ByteBuffer.wrap(bytes));
    }

    @Override
    public Opcode opcode() {
        return Opcode.DATA;
    }

    /** A fresh read-only view, positioned at 0, so callers can consume it freely. */
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
        return "Data[block=" + block + ", length=" + length() + "]";
    }
}
