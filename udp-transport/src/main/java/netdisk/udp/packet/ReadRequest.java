package netdisk.udp.packet;

import java.util.Objects;

/** RRQ (opcode 1): the client wants to read {@code filename} from the server. */
public record ReadRequest(String filename, TransferMode mode, TftpOptions options) implements Request {

    public ReadRequest {
        RequestFields.check(filename, mode, options);
    }

    public ReadRequest(String filename, TransferMode mode) {
        this(filename, mode, TftpOptions.NONE);
    }

    @Override
    public Opcode opcode() {
        return Opcode.RRQ;
    }

    public ReadRequest withOptions(TftpOptions newOptions) {
        return new ReadRequest(filename, mode, Objects.requireNonNull(newOptions));
    }
}
