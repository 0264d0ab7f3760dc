package netdisk.tests.services;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits, for a bounded time, for something another thread finishes without telling us (the
 * control server deleting a part file after a broken stream). Not a fixed sleep: it returns as
 * soon as the condition holds, and fails with the last value seen when it never does.
 */
final class Eventually {

    private Eventually() {}

    static <T> T await(String what, Callable<T> value, java.util.function.Predicate<T> done, Duration limit)
            throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            T seen = value.call();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(what + " did not happen within " + limit + "; last seen: " + seen);
            }
            Thread.sleep(5);
        }
    }
}
