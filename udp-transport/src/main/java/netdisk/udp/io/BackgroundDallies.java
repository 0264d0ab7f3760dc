package netdisk.udp.io;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Dallies that go on after their download returned to the caller, who already has the file: each
 * answers repeats of the final block (our last ACK was lost) for the rest of its span, on a
 * daemon thread, then closes its port.
 *
 * <p>A process about to exit calls {@link #endAll} first. A thread waiting in a receive sits in
 * native code, and HotSpot's exit waits up to 300 ms for such threads: measured, a one-block
 * {@code netdisk tftp get} spent 0.3 s after its summary before the process ended. Cutting an RFC
 * dally short costs nothing a stock client does not already cost: tftp-hpa and curl do not dally
 * at all. A flow-mode dally ends by itself when the sender's FLOW_DONE says it has our final ACK,
 * normally a round trip after it; {@link #endAll} gives those a short {@link #EXIT_GRACE} first,
 * or a lost final ACK left the server probing a closed port until it gave up 30 s later, logging
 * a failed transfer the user had completed.
 */
public final class BackgroundDallies {

    /**
     * How long an exit waits for flow-mode dallies to be told they are over: the sender's probes
     * for a lost final ACK come 50 ms and then 150 ms after its last send, so two get through.
     */
    public static final Duration EXIT_GRACE = Duration.ofMillis(250);

    private static final Map<DatagramPort, CompletableFuture<Void>> RUNNING = new ConcurrentHashMap<>();

    private BackgroundDallies() {
    }

    /** Runs the rest of {@code session}'s dally on {@code port}, which it closes when done. */
    public static void start(TransferSession session, DatagramPort port, LongSupplier clock) {
        start(session, port, clock, false);
    }

    /**
     * As {@link #start(TransferSession, DatagramPort, LongSupplier)}; {@code endsOnItsOwn} for a
     * dally its peer ends with a word (flow mode's FLOW_DONE), which an exit waits a little for.
     */
    public static void start(TransferSession session, DatagramPort port, LongSupplier clock, boolean endsOnItsOwn) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RUNNING.put(port, endsOnItsOwn ? done : CompletableFuture.completedFuture(null));
        // A platform thread: a virtual one's selector wait goes through the JDK's poller thread,
        // which then stays in native code for the life of the process and delays its exit.
        Thread.ofPlatform().name("tftp-dally").daemon().start(() -> {
            try (port) {
                new TransferLoop(port, clock, () -> false).run(session);
            } catch (RuntimeException e) {
                // Nothing is owed to anyone: the transfer succeeded before the dally began.
            } finally {
                RUNNING.remove(port);
                done.complete(null);
            }
        });
    }

    /**
     * Ends every dally still running, closing its port, for a process about to exit: flow-mode
     * dallies get up to {@link #EXIT_GRACE} to end by themselves first.
     */
    public static void endAll() {
        CompletableFuture<?>[] awaited = RUNNING.values().toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(awaited).get(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Their time is up.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (DatagramPort port : RUNNING.keySet()) {
            try {
                port.close();
            } catch (RuntimeException e) {
                // Closing is all that was wanted.
            }
        }
    }

    /** How many are running: for tests. */
    static int running() {
        return RUNNING.size();
    }
}
