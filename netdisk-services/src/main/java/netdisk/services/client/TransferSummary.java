package netdisk.services.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a finished get or put did, for the one-line summary and the bench.
 *
 * @param local the local file (downloaded to, or uploaded from)
 * @param remote the remote name
 * @param size the whole file's size
 * @param moved bytes that crossed the network in this attempt (less than size when resumed)
 * @param startedFrom whether a partial copy was continued (a download's local one, an upload's
 *     one held by the server), and if not, why not
 * @param sha256 the file's SHA-256 (hex), the same on both ends: checked before this is returned
 * @param retransmissions UDP packets sent again (0 over TCP, where the kernel hides them)
 * @param timeouts UDP timer expiries (0 over TCP)
 * @param peerResent for a UDP download, the blocks the server sent more than once (in flow mode
 *     exactly; with the RFC engine the copies that arrived); -1 when not known (an upload counts
 *     its own resends in {@code retransmissions})
 */
public record TransferSummary(Via via, Path local, String remote, long size, long moved, StartedFrom startedFrom,
        String sha256, Duration elapsed, long retransmissions, long timeouts, long peerResent) {

    /** Bytes per second over what this attempt moved. */
    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : moved / seconds;
    }

    public long resumedFrom() {
        return size - moved;
    }
}
