package netdisk.tools.cli;

import java.time.Duration;
import java.util.Locale;

/** Human units for sizes, rates and durations. */
public final class Units {

    private Units() {}

    /** 1536 -> "1.5 KiB". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[i]);
    }

    /** "1 timeout", "3 timeouts". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Bytes per second as "12.3 MB/s" (decimal, as network rates are). */
    public static String rate(double bytesPerSecond) {
        if (bytesPerSecond < 1e3) {
            return String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
        }
        if (bytesPerSecond < 1e6) {
            return String.format(Locale.ROOT, "%.1f kB/s", bytesPerSecond / 1e3);
        }
        if (bytesPerSecond < 1e9) {
            return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9);
    }

    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    /** Parses "64MiB", "10M" (binary), "10MB" (decimal), "1.5GiB", "512k", "4096" into bytes. */
    public static long parseSize(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        double number = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i).trim().toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("unknown size unit '" + unit + "' in " + text);
        };
        return (long) (number * factor);
    }

    /**
     * Parses a link rate into bits per second: bits as tc writes them ("100Mbit", "1Gbit", "500kbit",
     * also "100Mbps") or bytes as the CLI prints rates ("12.5MB/s", "10MiB/s"). A lower-case b is a
     * bit, an upper-case B a byte; k, M, G are decimal, Ki, Mi, Gi binary.
     */
    public static long parseRate(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        String usage = " (e.g. 100Mbit, 1Gbit or 12.5MB/s)";
        if (i == 0) {
            throw new IllegalArgumentException("not a rate: " + text + usage);
        }
        double number = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i).trim();
        String u = unit.endsWith("/s") || unit.endsWith("ps") ? unit.substring(0, unit.length() - 2) : unit;
        boolean bytes;
        if (u.endsWith("bit")) {
            bytes = false;
            u = u.substring(0, u.length() - 3);
        } else if (u.endsWith("b")) {
            bytes = false;
            u = u.substring(0, u.length() - 1);
        } else if (u.endsWith("B")) {
            bytes = true;
            u = u.substring(0, u.length() - 1);
        } else {
            throw new IllegalArgumentException("a rate needs a unit: " + text + usage);
        }
        double factor = switch (u.toLowerCase(Locale.ROOT)) {
            case "" -> 1;
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            case "ki" -> 1024;
            case "mi" -> 1024 * 1024;
            case "gi" -> 1024.0 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown rate unit '" + unit + "' in " + text + usage);
        };
        double bits = number * factor * (bytes ? 8 : 1);
        if (bits < 1 || bits > 1e12) {
            throw new IllegalArgumentException("rate out of range (1 bit/s .. 1 Tbit/s): " + text);
        }
        return Math.round(bits);
    }
}
