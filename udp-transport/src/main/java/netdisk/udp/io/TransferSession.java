package netdisk.udp.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Opcode;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.transfer.Reaction;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferMachine;

/**
 * One {@link TransferMachine} on one {@link DatagramPort}, stepped by events: a datagram came, the
 * deadline passed, the transfer was cancelled. It sends what the machine says and keeps the
 * transfer identifiers (RFC 1350 §4); it never waits. Whoever drives it does the waiting: the
 * {@link TransferLoop} blocks one thread on one port, a {@link TransferReactor} serves many
 * sessions from one selector. Both run exactly this logic, so a datagram is judged the same way
 * whichever runs the transfer.
 *
 * <p>A server knows its peer from the request. A client sends its request to the server's
 * well-known port and adopts the source of the first valid reply from the server's address as
 * the peer. A datagram from any other source gets ERROR 5 and is otherwise ignored: it must not
 * disturb the transfer. A datagram from the peer that does not decode is counted and dropped;
 * the machine's timer recovers as it would from a loss. The one exception is an OACK malformed by
 * its options, which the machine may refuse ({@link TransferMachine#onMalformedOptionAck}).
 *
 * <p>Not thread-safe: one thread at a time steps a session.
 */
public final class TransferSession {

    private final DatagramPort port;
    private final TransferMachine machine;
    /** Where the opening goes: the peer itself (server) or the server's well-known port (client). */
    private final InetSocketAddress target;
    private final LongSupplier clock;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(PacketCodec.MAX_PACKET_SIZE);
    private Runnable onFinalBlockPassed = () -> {};
    private final long started;

    /** The peer's TID once known; known from the start on the server side. */
    private InetSocketAddress peer;
    private long deadline;
    /** Finished well; arriving packets may still be answered (a repeated final block) until the deadline. */
    private boolean dallying;
    private boolean finalBlockPassed;
    private boolean ended;
    private TransferFailure failure;
    private long endedAt;
    private boolean startCalled;
    /** When the machine finished (the dally began): the transfer's own time ends here. */
    private long finishedAt;
    /** The last send the kernel refused, for the message of a transfer that then timed out; or null. */
    private String lastSendFailure;

    private TransferSession(DatagramPort port, TransferMachine machine, InetSocketAddress target,
            InetSocketAddress peer, LongSupplier clock) {
        this.port = port;
        this.machine = machine;
        this.target = target;
        this.peer = peer;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** Serves a peer whose address is known (the server side). */
    public static TransferSession withPeer(DatagramPort port, TransferMachine machine, InetSocketAddress peer,
            LongSupplier clock) {
        return new TransferSession(port, machine, peer, peer, clock);
    }

    /**
     * Talks to a server at {@code server}: the opening packet goes there, and the first valid
     * reply from that address fixes the peer's port (the client side).
     */
    public static TransferSession againstServer(DatagramPort port, TransferMachine machine,
            InetSocketAddress server, LongSupplier clock) {
        return new TransferSession(port, machine, server, null, clock);
    }

    /**
     * Runs {@code action} once, on the session's thread, as soon as the machine has sent or
     * received the final block ({@link TransferMachine#finalBlockPassed()}).
     */
    public TransferSession whenFinalBlockPassed(Runnable action) {
        this.onFinalBlockPassed = action;
        return this;
    }

    /** Sends the opening. Call once, first. */
    public void start() throws IOException {
        startCalled = true;
        apply(machine.start(clock.getAsLong()));
    }

    /** Whether {@link #start} was called: a session handed on to another loop goes on from where it is. */
    public boolean hasStarted() {
        return startCalled;
    }

    /** When {@link #onDeadline} is due (System.nanoTime scale); meaningless once {@link #ended()}. */
    public long deadline() {
        return deadline;
    }

    public boolean ended() {
        return ended;
    }

    /** Whether the transfer itself is over and only a dally is left (nothing more is owed to it). */
    public boolean dallying() {
        return dallying;
    }

    /**
     * A datagram from {@code from} is in {@code datagram} (position 0, limit at its length).
     */
    public void onDatagram(InetSocketAddress from, ByteBuffer datagram) throws IOException {
        if (ended) {
            return;
        }
        if (!isFromPeer(from)) {
            answerStranger(from, datagram);
            return;
        }
        Packet packet;
        try {
            packet = PacketCodec.decode(datagram);
        } catch (MalformedPacketException e) {
            machine.counters().countMalformed();
            Optional<Reaction> refusal = !dallying && isOptionAckWithBadOption(e, datagram)
                    ? machine.onMalformedOptionAck(e, clock.getAsLong())
                    : Optional.empty();
            if (refusal.isPresent()) {
                // The refusal (ERROR 8) goes to the port the OACK came from: the server's TID.
                if (peer == null) {
                    peer = from;
                }
                apply(refusal.get());
            }
            return;
        }
        if (peer == null) {
            peer = from;
        }
        Reaction next = machine.onPacket(packet, clock.getAsLong());
        if (dallying) {
            // The transfer has ended well: a packet may extend the dally (a repeated final
            // block) but never turn it back into a running transfer.
            send(next.send(), peer);
            if (next instanceof Reaction.Finished f) {
                deadline = f.dallyUntil();
            }
            return;
        }
        apply(next);
    }

    /** The deadline passed, and nothing is queued for this session. */
    public void onDeadline() throws IOException {
        if (ended) {
            return;
        }
        if (dallying) {
            end(null); // the dally is over: the transfer ended well, nothing more to take
            return;
        }
        apply(machine.onTimeout(clock.getAsLong()));
    }

    /** Ends the transfer at the owner's request: the peer gets ERROR 0, unless it already has everything. */
    public void cancel() throws IOException {
        if (ended) {
            return;
        }
        if (dallying) {
            end(null);
            return;
        }
        ended = true; // before the send: a closed socket must not leave the session half-ended
        endedAt = clock.getAsLong();
        failure = new TransferFailure(TransferFailure.Kind.CANCELLED, ErrorCode.NOT_DEFINED, "transfer cancelled");
        send(List.of(new ErrorPacket(ErrorCode.NOT_DEFINED, "transfer cancelled")), destination());
    }

    /**
     * The port failed under the session (an exception from a send or a receive that was not a lost
     * datagram): the transfer ends with what it says.
     */
    public void failed(IOException e) {
        if (ended) {
            return;
        }
        TransferFailure why = switch (e) {
            case ClosedByInterruptException c -> cancelled("interrupted");
            case InterruptedIOException i -> cancelled("interrupted");
            case ClosedChannelException c -> cancelled("socket closed");
            default -> new TransferFailure(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED,
                    "network error: " + e.getMessage());
        };
        end(why);
    }

    private static TransferFailure cancelled(String why) {
        return new TransferFailure(TransferFailure.Kind.CANCELLED, ErrorCode.NOT_DEFINED, why);
    }

    /** The smoothed round trip the machine measured, or -1 before any sample. */
    public long smoothedRttNanos() {
        return machine.smoothedRttNanos();
    }

    /** When only the dally was left; valid while {@link #dallying()}. */
    public long finishedAt() {
        return finishedAt;
    }

    /**
     * How it ended; call once {@link #ended()}, or while {@link #dallying()}: then the transfer
     * succeeded, and what the dally still answers is not counted. A successful transfer's time
     * runs to its last block (the dally is courtesy to the peer, not time spent moving the file).
     */
    public TransferOutcome outcome() {
        if (!ended && !dallying) {
            throw new IllegalStateException("the transfer is still running");
        }
        long end = dallying ? finishedAt : endedAt;
        TransferFailure reported = failure;
        if (reported != null && reported.kind() == TransferFailure.Kind.TIMEOUT && lastSendFailure != null) {
            reported = new TransferFailure(reported.kind(), reported.code(),
                    reported.message() + " (the last send failed locally: " + lastSendFailure + ")");
        }
        return new TransferOutcome(reported, machine.counters().snapshot(end - started, machine.smoothedRttNanos()));
    }

    private void apply(Reaction reaction) throws IOException {
        // Flagged before the send: a fast peer's next request may arrive before send returns.
        if (!finalBlockPassed && machine.finalBlockPassed()) {
            finalBlockPassed = true;
            onFinalBlockPassed.run();
        }
        send(reaction.send(), destination());
        switch (reaction) {
            case Reaction.Failed failed -> end(failed.failure());
            case Reaction.Finished finished -> {
                if (!dallying) {
                    finishedAt = clock.getAsLong();
                }
                dallying = true;
                deadline = finished.dallyUntil();
            }
            case Reaction.Continue next -> deadline = next.deadline();
        }
    }

    private void end(TransferFailure why) {
        ended = true;
        failure = why;
        endedAt = clock.getAsLong();
    }

    private InetSocketAddress destination() {
        return peer != null ? peer : target;
    }

    /** An OACK that failed to decode only because of an option name or value (spec 5.2). */
    private static boolean isOptionAckWithBadOption(MalformedPacketException e, ByteBuffer datagram) {
        boolean optionProblem = e.reason() == MalformedPacketException.Reason.BAD_OPTION
                || e.reason() == MalformedPacketException.Reason.BAD_OPTION_VALUE;
        return optionProblem && Opcode.isAt(datagram, Opcode.OACK);
    }

    private boolean isFromPeer(InetSocketAddress from) {
        if (peer != null) {
            return peer.equals(from);
        }
        // Not yet locked: the server answers from a new port, but from the address we asked.
        return from.getAddress().equals(target.getAddress());
    }

    /** RFC 1350 §4: a packet from a wrong TID is answered with ERROR 5, without ending the transfer. */
    private void answerStranger(InetSocketAddress from, ByteBuffer datagram) throws IOException {
        machine.counters().countStray();
        if (Opcode.isAt(datagram, Opcode.ERROR)) {
            return; // never answer an ERROR with an ERROR: two confused peers would ping-pong
        }
        // A stranger's address may be one we cannot send to (port 0, a broadcast address, spoofed):
        // the answer is a courtesy, and its failure must never touch the transfer — nor name the
        // transfer's own failure later, so it is counted but not remembered as lastSendFailure.
        try {
            sendOne(new ErrorPacket(ErrorCode.UNKNOWN_TRANSFER_ID, "unknown transfer ID"), from);
        } catch (ClosedChannelException | InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            machine.counters().countSendFailure();
        }
    }

    /**
     * Sends {@code packets}. A datagram the kernel refuses is a lost datagram, not the end of the
     * transfer: a local firewall answers EPERM, a full queue ENOBUFS or EAGAIN, an ICMP error
     * left by an earlier datagram ECONNREFUSED, and a link going down for a moment "network
     * unreachable". Each is counted and left to the retransmission timers, which give up when the
     * peer stays silent. Only a closed socket (or an interrupt) ends the transfer from here.
     */
    private void send(List<Packet> packets, InetSocketAddress to) throws IOException {
        for (Packet packet : packets) {
            try {
                sendOne(packet, to);
            } catch (ClosedChannelException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                machine.counters().countSendFailure();
                lastSendFailure = e.getMessage();
            }
        }
    }

    private void sendOne(Packet packet, InetSocketAddress to) throws IOException {
        sendBuffer.clear();
        PacketCodec.encode(packet, sendBuffer);
        sendBuffer.flip();
        port.send(sendBuffer, to);
    }
}
