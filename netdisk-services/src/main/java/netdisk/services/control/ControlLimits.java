package netdisk.services.control;

import java.time.Duration;
import java.util.Objects;

/**
 * The control channel's limits (spec/control.md, "Limits"). Each one bounds what a slow, silent
 * or hostile peer can cost: a thread blocked on it, a connection slot, memory for one frame.
 *
 * @param maxFrame largest frame payload accepted, in bytes (default 1 MiB)
 * @param helloTimeout the hello must be complete this long after the connection is accepted (10 s)
 * @param frameTimeout a frame must be complete this long after its first byte (30 s): a peer
 *     sending one byte a second is closed, not waited on forever
 * @param idleTimeout a connection without a new frame this long is closed (5 min)
 * @param streamStallTimeout the raw bytes of a download or upload may make no progress this
 *     long (30 s)
 * @param maxConnections connections served at once (256); more get BUSY and are closed
 */
public record ControlLimits(int maxFrame, Duration helloTimeout, Duration frameTimeout, Duration idleTimeout,
        Duration streamStallTimeout, int maxConnections) {

    public ControlLimits {
        if (maxFrame < 256) {
            throw new IllegalArgumentException("maxFrame below 256 bytes cannot carry a listing: " + maxFrame);
        }
        positive(helloTimeout, "helloTimeout");
        positive(frameTimeout, "frameTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(streamStallTimeout, "streamStallTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
    }

    public static ControlLimits defaults() {
        return new ControlLimits(FrameCodec.DEFAULT_MAX_FRAME, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofSeconds(30), 256);
    }

    public ControlLimits withMaxFrame(int bytes) {
        return new ControlLimits(bytes, helloTimeout, frameTimeout, idleTimeout, streamStallTimeout, maxConnections);
    }

    public ControlLimits withHelloTimeout(Duration d) {
        return new ControlLimits(maxFrame, d, frameTimeout, idleTimeout, streamStallTimeout, maxConnections);
    }

    public ControlLimits withFrameTimeout(Duration d) {
        return new ControlLimits(maxFrame, helloTimeout, d, idleTimeout, streamStallTimeout, maxConnections);
    }

    public ControlLimits withIdleTimeout(Duration d) {
        return new ControlLimits(maxFrame, helloTimeout, frameTimeout, d, streamStallTimeout, maxConnections);
    }

    public ControlLimits withStreamStallTimeout(Duration d) {
        return new ControlLimits(maxFrame, helloTimeout, frameTimeout, idleTimeout, d, maxConnections);
    }

    public ControlLimits withMaxConnections(int n) {
        return new ControlLimits(maxFrame, helloTimeout, frameTimeout, idleTimeout, streamStallTimeout, n);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
