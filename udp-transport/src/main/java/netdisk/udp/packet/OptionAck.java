package netdisk.udp.packet;

import java.util.Objects;

/**
 * OACK (opcode 6, RFC 2347 §3): the options the server accepted, with the values it chose.
 *
 * <pre>
 * +-------+---~~---+---+---~~---+---+---~~---+---+---~~---+---+
 * |  opc  |  opt1  | 0 | value1 | 0 |  optN  | 0 | valueN | 0 |
 * +-------+---~~---+---+---~~---+---+---~~---+---+---~~---+---+
 * </pre>
 */
public record OptionAck(TftpOptions options) implements Packet {

    public OptionAck {
        Objects.requireNonNull(options, "options");
    }

    @Override
    public Opcode opcode() {
        return Opcode.OACK;
    }
}
