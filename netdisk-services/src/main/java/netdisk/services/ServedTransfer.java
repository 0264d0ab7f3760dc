package netdisk.services;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import netdisk.udp.server.TransferReport;
import netdisk.udp.transfer.TransferStatistics;

/**
 * One file the server sent or took, over either path, for its log: the UDP engine's reports and
 * the TCP data path's end up here, so that the server's owner reads one kind of line.
 *
 * @param file the user's folder and the name ({@code alice/notes.txt}), or the requested name when
 *     a request was refused before it reached a folder
 * @param bytes bytes delivered: acknowledged or received in order (UDP), or that crossed the
 *     connection from the offset on (TCP); what a broken TCP transfer moved is not counted
 * @param failure why it broke off, or {@code null}
 * @param udp what the UDP engine counted (resends, timeouts ...); {@code null} for TCP
 */
public record ServedTransfer(Transport transport, Direction direction, InetSocketAddress client, String file,
        long bytes, Duration elapsed, String failure, TransferStatistics udp) {

    public enum Transport { UDP, TCP }

    /** GET: the client downloaded; PUT: it uploaded. */
    public enum Direction { GET, PUT }

    public ServedTransfer {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(elapsed, "elapsed");
        if ((transport == Transport.UDP) != (udp != null)) {
            throw new IllegalArgumentException("UDP statistics belong to UDP transfers alone");
        }
    }

    /** The UDP engine's report of a finished transfer. */
    public static ServedTransfer of(TransferReport report) {
        TransferStatistics s = report.statistics();
        Direction direction = report.direction() == TransferReport.Direction.READ ? Direction.GET : Direction.PUT;
        return new ServedTransfer(Transport.UDP, direction, report.client(), report.label(), s.bytes(), s.elapsed(),
                report.succeeded() ? null : report.failure().message(), s);
    }

    /** A file over the TCP data path. */
    public static ServedTransfer tcp(Direction direction, InetSocketAddress client, String user, String name,
            long bytes, Duration elapsed, String failure) {
        return new ServedTransfer(Transport.TCP, direction, client, user + "/" + name, bytes, elapsed, failure, null);
    }

    public boolean succeeded() {
        return failure == null;
    }

    public Optional<TransferStatistics> udpStatistics() {
        return Optional.ofNullable(udp);
    }

    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / seconds;
    }

    /** Told of each finished or broken transfer, on the thread that ran it: keep it short. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = transfer -> { };

        void finished(ServedTransfer transfer);
    }
}
