package netdisk.udp.server;

import java.net.InetSocketAddress;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferStatistics;

/**
 * One finished transfer, for the server's log.
 *
 * @param direction READ (the client downloaded) or WRITE (the client uploaded)
 * @param label the handler's name for the file, or the requested name when refused
 * @param failure why it failed, or {@code null}
 */
public record TransferReport(
        Direction direction, InetSocketAddress client, String label, TransferFailure failure,
        TransferStatistics statistics) {

    public enum Direction { READ, WRITE }

    public boolean succeeded() {
        return failure == null;
    }
}
