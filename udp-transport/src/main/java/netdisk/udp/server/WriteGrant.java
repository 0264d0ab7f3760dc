package netdisk.udp.server;

import java.util.Objects;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.packet.TftpOptions;

/**
 * A write the handler allows.
 *
 * @param sink where the data goes; completed on success, aborted otherwise
 * @param extensions options beyond the RFC ones to acknowledge in the OACK, in order
 * @param label how the transfer is named in logs
 */
public record WriteGrant(BlockSink sink, TftpOptions extensions, String label) {

    public WriteGrant {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(label, "label");
    }
}
