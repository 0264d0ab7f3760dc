package netdisk.udp.packet;

import java.util.Objects;

/** WRQ (opcode 2): the client wants to write {@code filename} to the server. */
public record WriteRequest(String filename, TransferMode mode, TftpOptions options) implements Request {

    public WriteRequest {
        RequestFields.check(filename, mode, options);
    }

    public WriteRequest(String filename, TransferMode mode) {
        this(filename, mode, TftpOptions.NONE);
    }

    @Override
    public Opcode opcode() {
        return Opcode.WRQ;
    }

    public WriteRequest withOptions(TftpOptions newOptions) {
        return new WriteRequest(filename, mode, Objects.requireNonNull(newOptions));
    }
}
