package netdisk.services.control;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One file that went over the TCP data path, for the server's log (the UDP engine reports its
 * transfers as {@link netdisk.udp.server.TransferReport}).
 *
 * @param direction GET (the client downloaded) or PUT (the client uploaded)
 * @param bytes bytes that crossed the connection (from the offset, for a download)
 * @param failure why it broke off, or {@code null}
 */
public record TcpTransferReport(Direction direction, InetSocketAddress client, String user, String name, long bytes,
        Duration elapsed, String failure) {

    public enum Direction { GET, PUT }

    public boolean succeeded() {
        return failure == null;
    }

    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / seconds;
    }

    /** Told of each finished or broken TCP transfer, on the connection's thread. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = report -> {};

        void finished(TcpTransferReport report);
    }
}
