package netdisk.tools.progress;

import java.time.Duration;
import java.util.Locale;
import netdisk.tools.cli.Units;

/**
 * Formats one progress line, like curl's and wget's: a bar, percent, bytes, rate and ETA when the
 * total is known; bytes and rate otherwise. Pure: the same inputs give the same line, so tests
 * assert the exact text.
 */
public final class ProgressLine {

    private static final int BAR_CELLS = 24;

    private ProgressLine() {}

    /**
     * @param total -1 when unknown
     * @param rate bytes per second over the recent past, or a negative number before it is known
     */
    public static String format(String label, long done, long total, double rate) {
        StringBuilder line = new StringBuilder();
        if (!label.isEmpty()) {
            line.append(label).append(' ');
        }
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) Math.floor(fraction * BAR_CELLS);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_CELLS - filled)).append("] ");
            line.append(String.format(Locale.ROOT, "%3d%% ", (int) Math.floor(fraction * 100)));
            line.append(Units.bytes(done)).append(" / ").append(Units.bytes(total));
        } else if (total == 0) {
            line.append("[").append("#".repeat(BAR_CELLS)).append("] 100% 0 B");
        } else {
            line.append(Units.bytes(done));
        }
        if (rate >= 0) {
            line.append("  ").append(Units.rate(rate));
            if (total > 0 && done < total && rate > 0) {
                line.append("  ETA ").append(eta(Duration.ofMillis((long) ((total - done) * 1000 / rate))));
            }
        }
        return line.toString();
    }

    /** "0:07", "12:34", "1:02:03": the clock style a person reads at a glance. */
    static String eta(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
