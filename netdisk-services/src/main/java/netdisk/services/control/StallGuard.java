package netdisk.services.control;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A socket's output whose writes cannot block forever. Java socket writes have no timeout: a peer
 * that stops reading fills its window and the writer waits indefinitely. Each write here arms a
 * timer that closes the socket after the stall period; the write's return disarms it. Writes are
 * cut into slices so that a slow but moving reader earns a fresh period for each slice.
 */
final class StallGuard extends OutputStream {

    private static final int SLICE = 64 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final ScheduledExecutorService timer;
    private final long periodNanos;
    private volatile boolean stalled;

    StallGuard(Socket socket, ScheduledExecutorService timer, Duration period) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.timer = timer;
        this.periodNanos = period.toNanos();
    }

    /** Whether the guard closed the socket because a write made no progress. */
    boolean stalled() {
        return stalled;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, SLICE);
            ScheduledFuture<?> alarm = timer.schedule(this::stall, periodNanos, TimeUnit.NANOSECONDS);
            try {
                out.write(b, off, n);
            } finally {
                alarm.cancel(false);
            }
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void stall() {
        stalled = true;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
    }
}
