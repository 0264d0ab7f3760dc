package netdisk.udp.impair;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A nanosecond clock that moves only when told to. */
final class FakeClock {

    private final AtomicLong nanos;

    FakeClock() {
        this(1_000_000_000L);
    }

    FakeClock(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    long nanos() {
        return nanos.get();
    }

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
