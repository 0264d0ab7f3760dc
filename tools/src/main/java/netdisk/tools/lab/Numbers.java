package netdisk.tools.lab;

import java.util.Locale;

/** Numbers as people write them in flags and tables: 5, not 5.0; 0.5, not 0.50000. */
final class Numbers {

    private Numbers() {}

    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Bits per second as "100 Mbit/s". */
    static String bitRate(long bitsPerSecond) {
        if (bitsPerSecond >= 1_000_000_000L && bitsPerSecond % 1_000_000L == 0) {
            return plain(bitsPerSecond / 1e9) + " Gbit/s";
        }
        if (bitsPerSecond >= 1_000_000L) {
            return plain(bitsPerSecond / 1e6) + " Mbit/s";
        }
        return plain(bitsPerSecond / 1e3) + " kbit/s";
    }
}
