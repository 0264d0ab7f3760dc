package netdisk.tools.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Draws a {@link ProgressLine} on a terminal, redrawing in place with a carriage return, at most
 * ten times a second (a transfer reports every block; a terminal cannot show 100 000 lines a
 * second, and trying would slow the transfer). The rate is averaged over the last few seconds so
 * the ETA does not jump.
 *
 * <p>Called from the transfer's thread only; {@link #finish()} clears the line so the summary
 * that follows starts at column 0.
 */
public final class ProgressDisplay {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long RATE_WINDOW_NANOS = 3_000_000_000L;

    private final PrintWriter terminal;
    private final String label;
    private final LongSupplier clock;
    private final long started;
    private long total = -1;
    private long lastDrawn = Long.MIN_VALUE;
    private int lastWidth;
    private long windowStart;
    private long windowStartBytes;
    private double rate = -1;

    public ProgressDisplay(PrintWriter terminal, String label, LongSupplier clock) {
        this.terminal = terminal;
        this.label = label;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.windowStart = started;
    }

    public ProgressDisplay(PrintWriter terminal, String label) {
        this(terminal, label, System::nanoTime);
    }

    /** The whole size, once known (-1 for unknown). */
    public void total(long bytes) {
        this.total = bytes;
    }

    /** Bytes done so far (of the whole file, including any resumed part). */
    public void update(long done) {
        long now = clock.getAsLong();
        if (now - windowStart >= RATE_WINDOW_NANOS / 3 && now > windowStart) {
            double recent = (done - windowStartBytes) * 1e9 / (now - windowStart);
            rate = rate < 0 ? recent : 0.5 * rate + 0.5 * recent;
            windowStart = now;
            windowStartBytes = done;
        }
        if (lastDrawn != Long.MIN_VALUE && now - lastDrawn < REDRAW_NANOS && done != total) {
            return;
        }
        lastDrawn = now;
        draw(ProgressLine.format(label, done, total, rate));
    }

    /** Where the display starts counting from (a resumed download starts part-way). */
    public void startFrom(long done) {
        windowStartBytes = done;
    }

    /** Clears the line. */
    public void finish() {
        if (lastWidth > 0) {
            terminal.print("\r" + " ".repeat(lastWidth) + "\r");
            terminal.flush();
            lastWidth = 0;
        }
    }

    private void draw(String line) {
        // Pad over the rest of a longer previous line instead of relying on ANSI erase codes.
        String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
        terminal.print("\r" + padded);
        terminal.flush();
        lastWidth = line.length();
    }
}
