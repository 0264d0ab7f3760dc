package netdisk.udp.server;

import java.util.Objects;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.packet.TftpOptions;

/**
 * A read the handler allows.
 *
 * @param source the data to send; the server closes it when the transfer ends
 * @param extensions options beyond the RFC ones to acknowledge in the OACK (e.g. netdisk's
 *     resume point), in order
 * @param label how the transfer is named in logs (e.g. "alice/holiday.mp4")
 */
public record ReadGrant(BlockSource source, TftpOptions extensions, String label) {

    public ReadGrant {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(label, "label");
    }
}
