package netdisk.services.client;

import java.time.Duration;
import java.time.Instant;

/**
 * A finished TCP download (the data path of the control connection).
 *
 * @param size the whole remote file's size
 * @param modified the remote file's modification time (its identity, with size, for resuming)
 * @param offset where the bytes received started
 * @param length how many bytes were received ({@code size - offset})
 * @param elapsed from sending the request to the last byte
 */
public record TcpDownload(String name, long size, Instant modified, long offset, long length, Duration elapsed) {

    /** Bytes per second over {@link #elapsed()}. */
    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : length / seconds;
    }
}
