package netdisk.tools.bench;

import java.util.Arrays;

/**
 * The rates of a case's verified runs, in MB/s (10^6 bytes per second, as network rates are).
 * The median, not the mean: one run slowed by a neighbour's build should not move the figure.
 */
public record Rates(double median, double min, double max, int count) {

    /** Nothing verified: NaN rates, which tables show as "–". */
    public static final Rates NONE = new Rates(Double.NaN, Double.NaN, Double.NaN, 0);

    public static Rates of(double... mbps) {
        if (mbps.length == 0) {
            return NONE;
        }
        double[] sorted = mbps.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Rates(median, sorted[0], sorted[n - 1], n);
    }

    /** {@code bytes} moved in {@code nanos}, in MB/s. */
    public static double mbps(long bytes, long nanos) {
        return bytes / (nanos / 1e9) / 1e6;
    }
}
