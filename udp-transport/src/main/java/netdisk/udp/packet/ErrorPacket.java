package netdisk.udp.packet;

import java.util.Objects;

/**
 * ERROR (opcode 5, RFC 1350 §5): ends the transfer; never acknowledged nor retransmitted.
 *
 * <pre>
 *  2 bytes     2 bytes      string    1 byte
 * +--------+------------+-----------+------+
 * |   05   | error code |  message  |  0   |
 * +--------+------------+-----------+------+
 * </pre>
 *
 * @param code the code on the wire; codes outside {@link ErrorCode} are kept as they came
 */
public record ErrorPacket(int code, String message) implements Packet {

    public ErrorPacket {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("error code out of range 0..65535: " + code);
        }
        Objects.requireNonNull(message, "message");
        if (message.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("error message must not contain NUL");
        }
    }

    public ErrorPacket(ErrorCode code, String message) {
        this(code.code(), message);
    }

    @Override
    public Opcode opcode() {
        return Opcode.ERROR;
    }

    /** The known meaning of {@link #code()}, or {@link ErrorCode#NOT_DEFINED} for codes beyond 8. */
    public ErrorCode errorCode() {
        return ErrorCode.of(code);
    }

    @Override
    public String toString() {
        return "Error[" + code + " " + errorCode().label() + ": " + message + "]";
    }
}
