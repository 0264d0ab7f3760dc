package netdisk.services.control;

import java.time.Duration;
import java.util.Objects;
import netdisk.services.wire.DataPath;
import netdisk.services.wire.FrameCodec;

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
 *     long (120 s, {@link netdisk.services.wire.DataPath#STALL_LIMIT}: TCP's longest backoff step)
 * @param maxConnections connections served at once (256); when all are taken, the one that has
 *     waited longest on its peer gives way to a newcomer; if every one is busy, the newcomer gets
 *     BUSY and is closed
 * @param maxPerAddress connections from one client address at once (64: a host running 50 commands
 *     in parallel fits, four hosts cannot take every slot); more get BUSY
 */
public record ControlLimits(int maxFrame, Duration helloTimeout, Duration frameTimeout, Duration idleTimeout,
        Duration streamStallTimeout, int maxConnections, int maxPerAddress) {

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
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be positive: " + maxPerAddress);
        }
    }

    public static ControlLimits defaults() {
        return new ControlLimits(FrameCodec.DEFAULT_MAX_FRAME, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(5), DataPath.STALL_LIMIT, 256, 64);
    }

    public ControlLimits withMaxFrame(int bytes) {
        return new ControlLimits(bytes, helloTimeout, frameTimeout, idleTimeout, streamStallTimeout, maxConnections, maxPerAddress);
    }

    public ControlLimits withHelloTimeout(Duration d) {
        return new ControlLimits(maxFrame, d, frameTimeout, idleTimeout, streamStallTimeout, maxConnections, maxPerAddress);
    }

    public ControlLimits withFrameTimeout(Duration d) {
        return new ControlLimits(maxFrame, helloTimeout, d, idleTimeout, streamStallTimeout, maxConnections, maxPerAddress);
    }

    public ControlLimits withIdleTimeout(Duration d) {
        return new ControlLimits(maxFrame, helloTimeout, frameTimeout, d, streamStallTimeout, maxConnections, maxPerAddress);
    }

    public ControlLimits withStreamStallTimeout(Duration d) {
        return new ControlLimits(maxFrame, helloTimeout, frameTimeout, idleTimeout, d, maxConnections, maxPerAddress);
    }

    public ControlLimits withMaxConnections(int n) {
        return new ControlLimits(maxFrame, helloTimeout, frameTimeout, idleTimeout, streamStallTimeout, n,
                Math.min(maxPerAddress, n));
    }

    public ControlLimits withMaxPerAddress(int n) {
        return new ControlLimits(maxFrame, helloTimeout, frameTimeout, idleTimeout, streamStallTimeout, maxConnections, n);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
