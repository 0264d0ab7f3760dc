package netdisk.tests.udp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.retransmit.RetransmitPolicy;

/**
 * What every end-to-end test shares: a quick retransmission policy and background jobs. Files
 * and digests come from testkit ({@link netdisk.testkit.TestData}, {@link netdisk.testkit.Digests}).
 */
final class EndToEnd {

    /**
     * Quick to recover, quick to give up: 50 ms before the first round trip is measured, a 10 ms
     * floor (a loaded 2-core machine stalls a thread for a few ms now and then, and the dally of
     * 8 x RTO must outlast such a stall), and a 1 s ceiling; a
     * peer silent for 10 s (not the default 30 s) is gone, so a broken transfer ends quickly.
     */
    static final RetransmitPolicy FAST = new RetransmitPolicy(
            Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(10), 8);

    /** RFC 1350 lockstep without any option. */
    static final TransferOptions LOCKSTEP = TransferOptions.plain().withRetransmit(FAST);
    /** netdisk's default: blksize 1428, windowsize 16, tsize. */
    static final TransferOptions WINDOWED = TransferOptions.defaults().withRetransmit(FAST);

    private EndToEnd() {}

    /** Work the test thread waits for, each on a fresh thread of its own. */
    interface Job<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code job} on a new daemon thread. Not the common fork-join pool: on 2 cores it has
     * one worker, and a client left running by an earlier test would hold this one back.
     */
    static <T> CompletableFuture<T> inBackground(Job<T> job) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("e2e-background").start(() -> {
            try {
                future.complete(job.run());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    static InetSocketAddress loopbackAny() {
        return new InetSocketAddress(loopback(), 0);
    }
}
