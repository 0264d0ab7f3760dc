package netdisk.udp.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.transfer.TransferMachine;

/**
 * Runs one {@link TransferSession} on the calling thread, blocked on its one port until the
 * transfer finishes or fails: the client's way, and the server's for a port that no selector can
 * watch (the simulated network). What a datagram means is the session's business; this class only
 * decides when to wait and when a timer is due.
 */
public final class TransferLoop {

    private final DatagramPort port;
    private final LongSupplier clock;
    private final BooleanSupplier cancelled;
    /** One byte more than the largest legal packet, so an oversized datagram is seen as such. */
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(PacketCodec.MAX_PACKET_SIZE + 1);
    private Runnable onFinalBlockPassed = () -> {};

    /** A blocked receive wakes at least this often to notice a cancellation. */
    private static final long CANCEL_CHECK_NANOS = 100_000_000L;
    /** Woken this long past its deadline, a timer looks for a queued answer before it fires. */
    private static final long OVERSLEPT_NANOS = 500_000L;
    /** Datagrams taken after the deadline passed before the timer fires anyway. */
    private static final int MAX_OVERDUE_DATAGRAMS = 64;
    /** The deadline {@link #overdue} counts for. */
    private long overdueFor = Long.MIN_VALUE;
    private int overdue;

    /**
     * @param cancelled polled between packets; when it turns true the peer gets ERROR 0 and the
     *     transfer ends as {@link netdisk.udp.transfer.TransferFailure.Kind#CANCELLED}
     */
    public TransferLoop(DatagramPort port, LongSupplier clock, BooleanSupplier cancelled) {
        this.port = port;
        this.clock = clock;
        this.cancelled = cancelled;
    }

    public TransferLoop(DatagramPort port) {
        this(port, System::nanoTime, () -> false);
    }

    /** See {@link TransferSession#whenFinalBlockPassed}. */
    public TransferLoop whenFinalBlockPassed(Runnable action) {
        this.onFinalBlockPassed = action;
        return this;
    }

    /** Serves a peer whose address is known (the server side). */
    public TransferOutcome runWithPeer(TransferMachine machine, InetSocketAddress peer) {
        return run(TransferSession.withPeer(port, machine, peer, clock).whenFinalBlockPassed(onFinalBlockPassed));
    }

    /**
     * Talks to a server at {@code server}: the opening packet goes there, and the first valid
     * reply from that address fixes the peer's port (the client side).
     */
    public TransferOutcome runAgainstServer(TransferMachine machine, InetSocketAddress server) {
        return run(TransferSession.againstServer(port, machine, server, clock)
                .whenFinalBlockPassed(onFinalBlockPassed));
    }

    /**
     * Runs a session that has not been started until it ends, or until only its dally is left and
     * it has dallied {@code patience} (given the round trip it measured, in nanoseconds). The
     * transfer is over for the caller then; {@link BackgroundDallies} may answer the rest.
     */
    public void runUntilDallied(TransferSession session, LongUnaryOperator patience) {
        try {
            session.start();
            while (!session.ended()) {
                if (session.dallying()) {
                    long enough = session.finishedAt() + patience.applyAsLong(session.smoothedRttNanos());
                    if (clock.getAsLong() - enough >= 0) {
                        return;
                    }
                    step(session, enough); // wake when patience ends, not at the dally's far end
                } else {
                    step(session, Long.MAX_VALUE);
                }
            }
        } catch (IOException e) {
            session.failed(e);
        }
    }

    /** Runs a session that has not been started, on this loop's port, until it ends. */
    public TransferOutcome run(TransferSession session) {
        try {
            if (!session.hasStarted()) {
                session.start();
            }
            while (!session.ended()) {
                step(session, Long.MAX_VALUE);
            }
        } catch (IOException e) {
            session.failed(e);
        }
        return session.outcome();
    }

    /** Waits for one event, but not past {@code wakeBy} when that comes first, and hands it to the session. */
    private void step(TransferSession session, long wakeBy) throws IOException {
        if (cancelled.getAsBoolean()) {
            session.cancel();
            return;
        }
        long deadline = session.deadline();
        long now = clock.getAsLong();
        if (deadline != overdueFor) {
            overdueFor = deadline;
            overdue = 0;
        }
        // A timer that is due because this thread overslept (a loaded machine, a pause) fires only
        // when nothing is queued: the answer may be waiting, and firing first would resend what it
        // acknowledges. A timer due on time does not look again (the wait that just ended saw
        // nothing; a flow sender's pacing wakes are its hot path). Bounded, so that a stream of
        // datagrams cannot hold the timer off. A dally that is over needs no look at all.
        boolean due = now - deadline >= 0;
        boolean lookFirst = due && !session.dallying()
                && now - deadline >= OVERSLEPT_NANOS && overdue++ < MAX_OVERDUE_DATAGRAMS;
        if (due && !lookFirst) {
            session.onDeadline();
            return;
        }
        long wait = due ? 0 : Math.min(deadline - now, CANCEL_CHECK_NANOS);
        if (wakeBy != Long.MAX_VALUE) {
            wait = Math.max(0, Math.min(wait, wakeBy - now));
        }
        InetSocketAddress from = port.receive(receiveBuffer, wait);
        if (from != null) {
            session.onDatagram(from, receiveBuffer);
        } else if (due) {
            session.onDeadline();
        }
    }
}
