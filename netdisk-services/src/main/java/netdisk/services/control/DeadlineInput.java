package netdisk.services.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input with a deadline rather than a per-read timeout. {@code SO_TIMEOUT} alone bounds
 * each read, so a peer sending one byte every few seconds would hold a frame open forever (the
 * slow-loris attack); here every read gets only the time left until the deadline. Two modes: a
 * fixed deadline ({@link #until}) for frames, and a rolling one ({@link #stallAfter}) for raw
 * streams, where any progress earns another full period.
 *
 * <p>Not thread-safe: the connection's thread alone reads.
 */
final class DeadlineInput extends InputStream {

    /** A deadline passed; the message says which limit. */
    static final class DeadlineException extends SocketTimeoutException {
        DeadlineException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private long deadline = Long.MAX_VALUE;
    private long rolling; // nanos; 0 means a fixed deadline
    private String limit = "read timed out";

    DeadlineInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Reads must end by {@code nanoTime} ({@link System#nanoTime()}); {@code limit} names the rule. */
    void until(long nanoTime, String limit) {
        this.deadline = nanoTime;
        this.rolling = 0;
        this.limit = limit;
    }

    /** Each read must bring a byte within {@code period}. */
    void stallAfter(Duration period, String limit) {
        this.rolling = period.toNanos();
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long now = System.nanoTime();
        long end = rolling > 0 ? now + rolling : deadline;
        long left = end - now;
        if (left <= 0) {
            throw new DeadlineException(limit);
        }
        // Round up, so that a few microseconds left do not become 0 (which means "forever").
        long millis = Math.max(1, (left + 999_999) / 1_000_000);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
        try {
            return in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw new DeadlineException(limit);
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }
}
