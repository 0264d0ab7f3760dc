package netdisk.udp.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import netdisk.udp.packet.PacketCodec;

/**
 * One thread that runs many {@link TransferSession}s from one selector: the server's engine under
 * load. A thread per transfer, blocked on its own socket, is woken by the kernel for every datagram
 * (measured with 50 curl clients on 2 vCPUs: 35 % of the server's time in the scheduler's switch
 * and wake-up paths, 0.66–0.72× tftpd-hpa's goodput at 1.5× its CPU per MB). Here a wake-up finds
 * every port that has something queued, and a busy reactor does not sleep at all.
 *
 * <p>Each pass, in this order: run what other threads handed in ({@link #submit}, {@link
 * Running#poke}); read every port the selector reported, at most {@link #READ_BUDGET} datagrams
 * each so that one fast transfer cannot starve the others; then fire the timers that are due. Reads
 * come before timers on purpose: a timer that fell due while its answer sat in the queue must not
 * resend what that answer acknowledges. Then wait until the nearest deadline, polling first for a
 * short while when {@link SpinPolicy} says a poll pays (one lockstep peer on a LAN answers faster
 * than a sleep and a wake-up take).
 *
 * <p>The work done for a datagram (a block read from a file or written to one) runs on this
 * thread. Opening a file, authorising a request and finishing an upload do not: the server does
 * those on the transfer's own thread before {@link #submit} and after {@link Running#outcome}.
 */
public final class TransferReactor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TransferReactor.class.getName());

    /** Datagrams read from one port per pass before the next port's turn. */
    static final int READ_BUDGET = 32;
    /** Cancellations are noticed at least this often, however idle the reactor is. */
    private static final long CANCEL_CHECK_NANOS = 100_000_000L;
    /** How long the reactor polls before it sleeps, when it may poll at all (see {@link ChannelDatagramPort}). */
    private static final long SPIN_NANOS = 40_000;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Running> sessions = new ArrayList<>();
    private final AtomicInteger load = new AtomicInteger();
    private final SpinPolicy spin = new SpinPolicy();
    /** One byte more than the largest legal packet, so an oversized datagram is seen as such. */
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(PacketCodec.MAX_PACKET_SIZE + 1);
    private volatile boolean closed;

    private TransferReactor(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    /** Opens a selector and starts its thread. */
    public static TransferReactor start(String name) throws IOException {
        TransferReactor reactor = new TransferReactor(name);
        reactor.thread.start();
        return reactor;
    }

    /** Sessions handed in and not yet ended: how busy this reactor is. */
    public int load() {
        return load.get();
    }

    /**
     * Whether a session on {@code port} can run here: the port's socket must be one a selector can
     * watch. A simulated or impaired port cannot; {@link TransferLoop} runs those.
     */
    public static boolean canRun(DatagramPort port) {
        return port.selectableChannel().isPresent();
    }

    /**
     * Starts {@code session} on this reactor: its opening goes out from the reactor's thread. The
     * session must not have been started.
     *
     * @param cancelled checked between events; when it turns true the session is cancelled
     * @throws IllegalArgumentException when the port is not one a selector can watch ({@link #canRun})
     */
    public Running submit(DatagramPort port, TransferSession session, BooleanSupplier cancelled) {
        SelectableChannel channel = port.selectableChannel()
                .orElseThrow(() -> new IllegalArgumentException(port + " cannot be watched by a selector"));
        Running running = new Running(port, channel, session, cancelled);
        load.incrementAndGet();
        execute(() -> begin(running));
        return running;
    }

    /**
     * Runs {@code task} on the reactor's thread. After {@link #close} it runs on the caller's, once
     * the reactor's thread is gone: a submission then ends at once, as on a closed socket, and its
     * owner is never left waiting.
     */
    private void execute(Runnable task) {
        tasks.add(task);
        if (!closed) {
            selector.wakeup();
            return;
        }
        if (Thread.currentThread() != thread) {
            joinQuietly();
            runTasksAfterClose();
        }
    }

    /** One session on this reactor, as its owner sees it. */
    public final class Running {
        private final DatagramPort port;
        private final SelectableChannel channel;
        private final TransferSession session;
        private final BooleanSupplier cancelled;
        private final CompletableFuture<TransferOutcome> outcome = new CompletableFuture<>();
        private SelectionKey key;

        private Running(DatagramPort port, SelectableChannel channel, TransferSession session,
                BooleanSupplier cancelled) {
            this.port = port;
            this.channel = channel;
            this.session = session;
            this.cancelled = cancelled;
        }

        /**
         * Asks the reactor to read the port now, even if the selector reports nothing: for a port
         * that has work of its own to do on a receive (a server's opening guard owes a reply).
         */
        public void poke() {
            execute(() -> {
                if (!outcome.isDone()) {
                    read(this);
                }
            });
        }

        /**
         * Waits for the session to end and returns how it ended.
         *
         * @throws RuntimeException what the session's machine threw, if it threw (a bug, or an
         *     unchecked failure of a file under it), as it would have on the caller's own thread
         */
        public TransferOutcome outcome() {
            try {
                return outcome.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }

    private void begin(Running running) {
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            running.key = running.channel.register(selector, SelectionKey.OP_READ, running);
            sessions.add(running);
            running.session.start();
        } catch (IOException e) {
            running.session.failed(e);
        } catch (ClosedSelectorException e) {
            running.session.failed(new ClosedChannelException());
        } catch (RuntimeException | Error e) {
            finish(running, e);
            return;
        }
        settle(running);
    }

    private void run() {
        try {
            while (!closed) {
                runTasks();
                readReady();
                fireTimers();
                waitForWork();
            }
        } catch (ClosedSelectorException e) {
            // closed under us: fall through and end what is left
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "transfer reactor " + thread.getName() + " failed", e);
        } finally {
            endAll();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void readReady() {
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (key.isValid()) {
                read((Running) key.attachment());
            }
        }
    }

    /** Reads what is queued on the session's port, within {@link #READ_BUDGET}. */
    private void read(Running running) {
        try {
            takeQueued(running);
        } catch (IOException e) {
            running.session.failed(e);
        } catch (RuntimeException | Error e) {
            finish(running, e);
            return;
        }
        settle(running);
    }

    /** @return whether anything was queued */
    private boolean takeQueued(Running running) throws IOException {
        TransferSession session = running.session;
        boolean took = false;
        for (int i = 0; i < READ_BUDGET && !session.ended(); i++) {
            InetSocketAddress from = running.port.receive(receiveBuffer, 0);
            if (from == null) {
                break;
            }
            took = true;
            session.onDatagram(from, receiveBuffer);
        }
        return took;
    }

    private void fireTimers() {
        long now = System.nanoTime();
        // Backwards: a session that ends leaves the list, and only the one at hand can end here.
        for (int i = sessions.size() - 1; i >= 0; i--) {
            Running running = sessions.get(i);
            TransferSession session = running.session;
            try {
                if (running.cancelled.getAsBoolean()) {
                    session.cancel();
                } else if (now - session.deadline() >= 0 && !readFirst(running)) {
                    session.onDeadline();
                }
            } catch (IOException e) {
                session.failed(e);
            } catch (RuntimeException | Error e) {
                finish(running, e);
                continue;
            }
            settle(running);
        }
    }

    /**
     * Before a due timer fires, what is queued on its port is taken (bounded by {@link
     * #READ_BUDGET}): the answer may have come after the selector last looked, while this pass
     * served other ports, and firing first would resend what it acknowledges. One empty receive
     * per timer is cheap beside a spurious retransmission.
     *
     * @return whether the timer is no longer due (an answer moved it, or the session ended)
     */
    private boolean readFirst(Running running) throws IOException {
        TransferSession session = running.session;
        boolean took = takeQueued(running);
        return session.ended() || (took && System.nanoTime() - session.deadline() < 0);
    }

    /** Ends the reactor's part in a session that has ended. */
    private void settle(Running running) {
        if (running.session.ended()) {
            finish(running, null);
        }
    }

    private void finish(Running running, Throwable thrown) {
        if (running.outcome.isDone()) {
            return;
        }
        if (running.key != null) {
            running.key.cancel();
        }
        sessions.remove(running);
        load.decrementAndGet();
        if (thrown != null) {
            running.outcome.completeExceptionally(thrown);
        } else {
            running.outcome.complete(running.session.outcome());
        }
    }

    private void waitForWork() throws IOException {
        long now = System.nanoTime();
        long wait = CANCEL_CHECK_NANOS;
        for (Running running : sessions) {
            wait = Math.min(wait, running.session.deadline() - now);
        }
        if (wait <= 0 || !tasks.isEmpty()) {
            selector.selectNow();
            return;
        }
        if (!sessions.isEmpty() && spin.tryStart()) {
            boolean cutShort = wait < SPIN_NANOS;
            long spinEnd = now + Math.min(wait, SPIN_NANOS);
            int found = 0;
            try {
                while (found == 0 && tasks.isEmpty() && System.nanoTime() - spinEnd < 0) {
                    Thread.yield();
                    found = selector.selectNow();
                }
            } finally {
                if (found > 0) {
                    spin.caught();
                } else if (cutShort) {
                    spin.cutShort();
                } else {
                    spin.missed();
                }
            }
            if (found > 0 || cutShort || !tasks.isEmpty()) {
                return;
            }
            wait -= System.nanoTime() - now;
            if (wait <= 0) {
                return;
            }
        }
        // Selector timeouts are milliseconds and 0 means "forever": round up, at least 1.
        selector.select(Math.max(1, (wait + 999_999) / 1_000_000));
    }

    /**
     * Stops the reactor. Sessions still running end as cancelled by a closed socket: close it only
     * after their owners have cancelled them, or to abandon them.
     */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        joinQuietly();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a selector failed: " + e.getMessage());
        }
        runTasksAfterClose();
    }

    private void joinQuietly() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the reactor's thread as it stops: every session left ends as on a closed socket. */
    private void endAll() {
        for (Running running : List.copyOf(sessions)) {
            running.session.failed(new ClosedChannelException());
            finish(running, null);
        }
        runTasksAfterClose();
    }

    private void runTasksAfterClose() {
        synchronized (tasks) {
            runTasks();
        }
    }
}
