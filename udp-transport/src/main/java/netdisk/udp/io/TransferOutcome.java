package netdisk.udp.io;

import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferStatistics;

/**
 * How a transfer loop ended.
 *
 * @param failure why it failed, or {@code null} on success
 * @param statistics what it did either way
 */
public record TransferOutcome(TransferFailure failure, TransferStatistics statistics) {

    public boolean succeeded() {
        return failure == null;
    }
}
