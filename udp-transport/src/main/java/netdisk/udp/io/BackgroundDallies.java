package netdisk.udp.io;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Dallies that go on after their download returned to the caller, who already has the file: each
 * answers repeats of the final block (our last ACK was lost) for the rest of its span, on a
 * daemon thread, then closes its port.
 *
 * <p>A process about to exit calls {@link #endAll} first. A thread waiting in a receive sits in
 * native code, and HotSpot's exit waits up to 300 ms for such threads: measured, a one-block
 * {@code netdisk tftp get} spent 0.3 s after its summary before the process ended. Cutting a dally
 * short costs nothing a stock client does not already cost: tftp-hpa and curl do not dally at all.
 */
public final class BackgroundDallies {

    private static final Set<DatagramPort> RUNNING = ConcurrentHashMap.newKeySet();

    private BackgroundDallies() {
    }

    /** Runs the rest of {@code session}'s dally on {@code port}, which it closes when done. */
    public static void start(TransferSession session, DatagramPort port, LongSupplier clock) {
        RUNNING.add(port);
        // A platform thread: a virtual one's selector wait goes through the JDK's poller thread,
        // which then stays in native code for the life of the process and delays its exit.
        Thread.ofPlatform().name("tftp-dally").daemon().start(() -> {
            try (port) {
                new TransferLoop(port, clock, () -> false).run(session);
            } catch (RuntimeException e) {
                // Nothing is owed to anyone: the transfer succeeded before the dally began.
            } finally {
                RUNNING.remove(port);
            }
        });
    }

    /** Ends every dally still running, closing its port; for a process about to exit. */
    public static void endAll() {
        for (DatagramPort port : RUNNING) {
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
