package netdisk.udp.client;

import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.transfer.TransferStatistics;

/**
 * A finished transfer.
 *
 * @param parameters what was in force (negotiated, or RFC 1350 defaults after a fallback)
 * @param acknowledged the server's OACK options (empty without OACK): extensions are read here
 * @param fellBack whether the server refused our options (ERROR 8) and we retried without
 * @param statistics blocks, bytes, retransmissions, duplicates, timeouts, elapsed ...
 */
public record TransferResult(
        TransferParameters parameters, TftpOptions acknowledged, boolean fellBack, TransferStatistics statistics) {

    public long bytes() {
        return statistics.bytes();
    }
}
