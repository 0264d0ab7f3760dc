package netdisk.tools.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C during a transfer. The JVM turns SIGINT into shutdown hooks; a hook that cancels the
 * transfer and then waits for the command to finish lets a download keep its partial copy, print
 * how to continue, and leave with its own exit code (10, "partial download kept") instead of the
 * shell's 130. A seam: tests fire the interrupt themselves.
 */
public interface Interrupts {

    /** Grace for the command to wind down after Ctrl-C before the process ends anyway. */
    long GRACE_MILLIS = 10_000;

    /** Runs {@code onInterrupt} on Ctrl-C until the returned interruption is closed. */
    Interruption install(Runnable onInterrupt);

    /** One guarded stretch of a command. */
    interface Interruption extends AutoCloseable {

        /** Whether Ctrl-C came. */
        boolean happened();

        /** The process's exit status when Ctrl-C ends it; set before {@link #close()}. */
        void exitCode(int code);

        /** The command is done (its message printed): the process may end now. */
        @Override
        void close();
    }

    /** The real thing: a JVM shutdown hook. */
    static Interrupts shutdownHooks() {
        return onInterrupt -> new HookInterruption(onInterrupt);
    }

    /** Never interrupted. */
    static Interrupts none() {
        return onInterrupt -> new Interruption() {
            @Override
            public boolean happened() {
                return false;
            }

            @Override
            public void exitCode(int code) {}

            @Override
            public void close() {}
        };
    }

    /** A shutdown hook that cancels, waits for the command, then ends the process with its code. */
    final class HookInterruption implements Interruption {
        private final AtomicBoolean happened = new AtomicBoolean();
        private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.INTERRUPTED);
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread hook;

        HookInterruption(Runnable onInterrupt) {
            this.hook = new Thread(() -> {
                happened.set(true);
                onInterrupt.run();
                try {
                    done.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.flush();
                System.err.flush();
                // Allowed in a hook: ends the process now, with the command's own code.
                Runtime.getRuntime().halt(exitCode.get());
            }, "netdisk-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public boolean happened() {
            return happened.get();
        }

        @Override
        public void exitCode(int code) {
            exitCode.set(code);
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C came: the hook is running and ends the process with our code.
            }
        }
    }
}
