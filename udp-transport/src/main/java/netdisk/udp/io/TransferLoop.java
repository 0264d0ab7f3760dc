package netdisk.udp.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
 * Runs one {@link TransferMachine} over one {@link DatagramPort} until it finishes or fails.
 *
 * <p>The loop owns the transfer identifiers (RFC 1350 §4). A server knows its peer from the
 * request. A client sends its request to the server's well-known port and adopts the source of
 * the first valid reply from the server's address as the peer. A datagram from any other source
 * gets ERROR 5 and is otherwise ignored: it must not disturb the transfer. A datagram from the
 * peer that does not decode is counted and dropped; the machine's timer recovers as it would from
 * a loss. The one exception is an OACK malformed by its options, which the machine may refuse
 * ({@link TransferMachine#onMalformedOptionAck}).
 */
public final class TransferLoop {

    private final DatagramPort port;
    private final LongSupplier clock;
    private final BooleanSupplier cancelled;
    private final ByteBuffer receiveBuffer;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(PacketCodec.MAX_PACKET_SIZE);
    private Runnable onFinalBlockPassed = () -> {};
    /** The last send the kernel refused, for the message of a transfer that then timed out; or null. */
    private String lastSendFailure;
    private boolean finalBlockPassed;

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
     *     transfer ends as {@link TransferFailure.Kind#CANCELLED}
     */
    public TransferLoop(DatagramPort port, LongSupplier clock, BooleanSupplier cancelled) {
        this.port = port;
        this.clock = clock;
        this.cancelled = cancelled;
        // One byte more than the largest legal packet, so an oversized datagram is seen as such.
        this.receiveBuffer = ByteBuffer.allocateDirect(PacketCodec.MAX_PACKET_SIZE + 1);
    }

    public TransferLoop(DatagramPort port) {
        this(port, System::nanoTime, () -> false);
    }

    /**
     * Runs {@code action} once, on this loop's thread, as soon as the machine has sent or received
     * the final block ({@link TransferMachine#finalBlockPassed()}).
     */
    public TransferLoop whenFinalBlockPassed(Runnable action) {
        this.onFinalBlockPassed = action;
        return this;
    }

    /** Serves a peer whose address is known (the server side). */
    public TransferOutcome runWithPeer(TransferMachine machine, InetSocketAddress peer) {
        return run(machine, peer, false);
    }

    /**
     * Talks to a server at {@code server}: the opening packet goes there, and the first valid
     * reply from that address fixes the peer's port (the client side).
     */
    public TransferOutcome runAgainstServer(TransferMachine machine, InetSocketAddress server) {
        return run(machine, server, true);
    }

    private TransferOutcome run(TransferMachine machine, InetSocketAddress target, boolean learnPeer) {
        long started = clock.getAsLong();
        InetSocketAddress peer = learnPeer ? null : target;
        TransferFailure failure;
        try {
            failure = drive(machine, target, peer);
        } catch (ClosedByInterruptException | InterruptedIOException e) {
            failure = new TransferFailure(TransferFailure.Kind.CANCELLED, ErrorCode.NOT_DEFINED, "interrupted");
        } catch (ClosedChannelException e) {
            failure = new TransferFailure(TransferFailure.Kind.CANCELLED, ErrorCode.NOT_DEFINED, "socket closed");
        } catch (IOException e) {
            failure = new TransferFailure(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED,
                    "network error: " + e.getMessage());
        }
        if (failure != null && failure.kind() == TransferFailure.Kind.TIMEOUT && lastSendFailure != null) {
            failure = new TransferFailure(failure.kind(), failure.code(),
                    failure.message() + " (the last send failed locally: " + lastSendFailure + ")");
        }
        long elapsed = clock.getAsLong() - started;
        long rtt = machine.smoothedRttNanos();
        return new TransferOutcome(failure, machine.counters().snapshot(elapsed, rtt));
    }

    /** @return the failure, or {@code null} on success */
    private TransferFailure drive(TransferMachine machine, InetSocketAddress target, InetSocketAddress peer)
            throws IOException {
        Reaction reaction = machine.start(clock.getAsLong());
        while (true) {
            // Flagged before the send: a fast peer's next request may arrive before send returns.
            if (!finalBlockPassed && machine.finalBlockPassed()) {
                finalBlockPassed = true;
                onFinalBlockPassed.run();
            }
            send(reaction.send(), peer != null ? peer : target, machine);
            long deadline;
            boolean dallying = false;
            switch (reaction) {
                case Reaction.Failed failed -> {
                    return failed.failure();
                }
                case Reaction.Finished finished -> {
                    dallying = true;
                    deadline = finished.dallyUntil();
                }
                case Reaction.Continue next -> deadline = next.deadline();
            }
            reaction = null;
            while (reaction == null) {
                if (cancelled.getAsBoolean()) {
                    if (dallying) {
                        return null;
                    }
                    ErrorPacket stop = new ErrorPacket(ErrorCode.NOT_DEFINED, "transfer cancelled");
                    send(List.of(stop), peer != null ? peer : target, machine);
                    return new TransferFailure(TransferFailure.Kind.CANCELLED, ErrorCode.NOT_DEFINED, "transfer cancelled");
                }
                long now = clock.getAsLong();
                if (deadline != overdueFor) {
                    overdueFor = deadline;
                    overdue = 0;
                }
                // A timer that is due because this thread overslept (a loaded machine, a pause)
                // fires only when nothing is queued: the answer may be waiting, and firing first
                // would resend what it acknowledges. A timer due on time does not look again (the
                // wait that just ended saw nothing; a flow sender's pacing wakes are its hot path).
                // Bounded, so that a stream of datagrams cannot hold the timer off.
                boolean due = now - deadline >= 0;
                if (due && dallying) {
                    return null; // the dally is over: the transfer ended well, nothing more to take
                }
                boolean lookFirst = now - deadline >= OVERSLEPT_NANOS && overdue++ < MAX_OVERDUE_DATAGRAMS;
                InetSocketAddress from = due && !lookFirst ? null
                        : port.receive(receiveBuffer, due ? 0 : Math.min(deadline - now, CANCEL_CHECK_NANOS));
                if (from == null) {
                    if (due) {
                        reaction = machine.onTimeout(clock.getAsLong());
                        break;
                    }
                    continue;
                }
                if (!isFromPeer(from, peer, target)) {
                    answerStranger(machine, from);
                    continue;
                }
                Packet packet;
                try {
                    packet = PacketCodec.decode(receiveBuffer);
                } catch (MalformedPacketException e) {
                    machine.counters().countMalformed();
                    Optional<Reaction> refusal = !dallying && isOptionAckWithBadOption(e)
                            ? machine.onMalformedOptionAck(e, clock.getAsLong())
                            : Optional.empty();
                    if (refusal.isPresent()) {
                        // The refusal (ERROR 8) goes to the port the OACK came from: the server's TID.
                        if (peer == null) {
                            peer = from;
                        }
                        reaction = refusal.get();
                    }
                    continue;
                }
                if (peer == null) {
                    peer = from;
                }
                Reaction next = machine.onPacket(packet, clock.getAsLong());
                if (dallying) {
                    // The transfer has ended well: a packet may extend the dally (a repeated
                    // final block) but never turn it back into a running transfer.
                    send(next.send(), peer, machine);
                    if (next instanceof Reaction.Finished f) {
                        deadline = f.dallyUntil();
                    }
                    continue;
                }
                reaction = next;
            }
        }
    }

    /** An OACK that failed to decode only because of an option name or value (spec 5.2). */
    private boolean isOptionAckWithBadOption(MalformedPacketException e) {
        boolean optionProblem = e.reason() == MalformedPacketException.Reason.BAD_OPTION
                || e.reason() == MalformedPacketException.Reason.BAD_OPTION_VALUE;
        return optionProblem && receiveBuffer.remaining() >= 2
                && receiveBuffer.getShort(receiveBuffer.position()) == Opcode.OACK.code();
    }

    private static boolean isFromPeer(InetSocketAddress from, InetSocketAddress peer, InetSocketAddress target) {
        if (peer != null) {
            return peer.equals(from);
        }
        // Not yet locked: the server answers from a new port, but from the address we asked.
        return from.getAddress().equals(target.getAddress());
    }

    /** RFC 1350 §4: a packet from a wrong TID is answered with ERROR 5, without ending the transfer. */
    private void answerStranger(TransferMachine machine, InetSocketAddress from) throws IOException {
        machine.counters().countStray();
        if (receiveBuffer.remaining() >= 2 && receiveBuffer.getShort(0) == 5) {
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
     * peer stays silent. Only a closed socket (or an interrupt) ends the loop from here.
     */
    private void send(List<Packet> packets, InetSocketAddress to, TransferMachine machine) throws IOException {
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
