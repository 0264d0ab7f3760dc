package netdisk.tests.interop;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Wall times of big transfers, printed to the test log with a clear label: a side-by-side
 * comparison read by people, never asserted (2 shared cores make any threshold flaky).
 */
final class Timings {

    private static final Map<String, String> RECORDED = new ConcurrentSkipListMap<>();

    private Timings() {
    }

    /** Prints and records one measured transfer of {@code bytes} bytes. */
    static void record(String label, long bytes, Duration wall) {
        record(label, bytes, wall, "");
    }

    /** The same, with a note such as our side's retransmission count. */
    static void record(String label, long bytes, Duration wall, String note) {
        String line = String.format(Locale.ROOT, "%-52s %8.3f s  %7.1f MB/s  (%d bytes)%s",
                label, wall.toNanos() / 1e9, bytes * 1e3 / wall.toNanos(), bytes, note.isEmpty() ? "" : "  " + note);
        RECORDED.put(label, line);
        System.out.println("INTEROP TIMING " + line);
    }

    /** What our side's statistics say about a timed transfer: lost time shows up here. */
    static String ours(netdisk.udp.transfer.TransferStatistics statistics) {
        return "[ours: " + statistics.timeouts() + " timeouts, " + statistics.retransmissions() + " retransmissions, "
                + statistics.duplicates() + " duplicates]";
    }

    /** All recorded lines so far, sorted by label, as one block. */
    static void printSummary(String title) {
        if (RECORDED.isEmpty()) {
            return;
        }
        StringBuilder summary = new StringBuilder("INTEROP TIMINGS (" + title + ", wall time incl. process start):\n");
        RECORDED.values().forEach(line -> summary.append("  ").append(line).append('\n'));
        System.out.print(summary);
    }
}
