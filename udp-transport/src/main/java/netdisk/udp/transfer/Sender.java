package netdisk.udp.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.options.ClientNegotiation;
import netdisk.udp.options.OptionNegotiationException;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.WriteRequest;
import netdisk.udp.retransmit.KarnSamples;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.retransmit.RetransmitTimer;

/**
 * The sending side of a transfer: a server answering RRQ, or a client after its WRQ.
 *
 * <p>States, top to bottom:
 *
 * <ol>
 *   <li>{@code AWAITING_START}: the opening packet (our OACK, or the client's WRQ) is out;
 *       waiting for ACK 0 (or, for a WRQ with options, the server's OACK). Timeout: send it again.
 *   <li>{@code SENDING}: a window of DATA blocks {@code base+1 .. windowEnd} is out (RFC 7440;
 *       lockstep is a window of one). A new ACK moves {@code base}: the whole window acknowledged
 *       sends the next one; an ACK inside the window means the receiver saw a gap, so the window
 *       restarts after it. A duplicate ACK is ignored — resending on it is the Sorcerer's
 *       Apprentice bug (RFC 1123 §4.2.3.1). Timeout: resend the window from {@code base+1}.
 *   <li>{@code DONE} once the final (short) block is acknowledged; {@code FAILED} on an ERROR,
 *       a protocol violation or a peer silent for the give-up time.
 * </ol>
 */
public final class Sender implements TransferMachine {

    private enum State { AWAITING_START, SENDING, DONE, FAILED }

    private final BlockSource source;
    private final Packet opening;
    private final RetransmitTimer timer;
    private final ProgressListener progress;
    private final TransferCounters counters = new TransferCounters();

    private State state;
    private TransferParameters parameters;
    private TftpOptions acceptedOptions = TftpOptions.NONE;

    /** Highest block the receiver acknowledged (64-bit count, 0 before any). */
    private long base;
    /** Last block of the window in flight. */
    private long windowEnd;
    /** Highest block ever sent: ACKs above it are impossible. */
    private long highestSent;
    /** The short block that ends the data, once read; -1 before. */
    private long finalBlock = -1;
    private int finalLength;

    /** The opening (WRQ or OACK): its answer times the round trip, if it was sent once. */
    private final KarnSamples openingSample;
    /**
     * The blocks in flight, one slot per block of the window. Every new ACK of a block whose copy
     * in flight is the only one times a round trip. A block sent once is;
     * so is one resent because the receiver named the gap before it: an RFC 7440 receiver drops
     * what arrives after a gap, so only the new copy can move its ACK past that block. A block
     * resent on our timeout is not (the old copy may have been late, not lost: Karn, RFC 6298 §3).
     * Timing only windows that nothing resent left a lossy link with almost no samples (at 5 %
     * loss, 64 blocks arrive whole 4 % of the time), so a timeout backed off once stayed backed
     * off (RFC 6298 §5.7), doubling into seconds: measured, an 8 MiB get at 5 % loss took 24 s
     * of virtual time instead of 0.7.
     */
    private KarnSamples blockSamples;

    /** When the timer fires next; packets that change nothing leave it where it is. */
    private long deadline;
    /** When our timer last resent the window, until the next new ACK judges whether it had to. */
    private long timeoutResentAt;
    private boolean judgingTimeout;

    private Sender(BlockSource source, Packet opening, TransferParameters parameters, RetransmitPolicy policy,
            ProgressListener progress) {
        this.source = source;
        this.opening = opening;
        this.parameters = parameters;
        this.timer = new RetransmitTimer(policy);
        this.openingSample = KarnSamples.single(timer::onRoundTrip);
        this.progress = progress == null ? ProgressListener.NONE : progress;
        parameters.timeout().ifPresent(timer::setCeiling);
        this.state = opening == null ? State.SENDING : State.AWAITING_START;
    }

    /** A server answering a plain RRQ: DATA 1 goes out at once (RFC 1350 §4). */
    public static Sender answeringPlainRead(BlockSource source, TransferParameters parameters,
            RetransmitPolicy policy, ProgressListener progress) {
        return new Sender(source, null, parameters, policy, progress);
    }

    /** A server answering an RRQ with options: OACK first, DATA 1 after ACK 0 (RFC 2347 §4). */
    public static Sender answeringReadWithOack(BlockSource source, OptionAck oack, TransferParameters parameters,
            RetransmitPolicy policy, ProgressListener progress) {
        return new Sender(source, oack, parameters, policy, progress);
    }

    /**
     * A client that sends {@code request}: waits for ACK 0 (plain RFC 1350) or an OACK (when the
     * request carried options) before DATA 1.
     */
    public static Sender writing(BlockSource source, WriteRequest request, RetransmitPolicy policy,
            ProgressListener progress) {
        return new Sender(source, request, TransferParameters.RFC1350, policy, progress);
    }

    /** The parameters in force (after an OACK, the negotiated ones). */
    public TransferParameters parameters() {
        return parameters;
    }

    /** The options of the server's OACK to our WRQ (empty without one): extensions are read here. */
    public TftpOptions acceptedOptions() {
        return acceptedOptions;
    }

    @Override
    public TransferCounters counters() {
        return counters;
    }

    /** The smoothed round trip measured so far, or -1. */
    @Override
    public long smoothedRttNanos() {
        return timer.smoothedRttNanos();
    }

    @Override
    public boolean finalBlockPassed() {
        return finalBlock >= 0 && highestSent >= finalBlock;
    }

    @Override
    public Reaction start(long now) {
        timer.start(now);
        if (state == State.AWAITING_START) {
            openingSample.sent(now, true);
            deadline = now + timer.timeoutNanos();
            return new Reaction.Continue(List.of(opening), deadline);
        }
        return firstWindow(now);
    }

    @Override
    public Reaction onPacket(Packet packet, long now) {
        timer.onHeard(now);
        return switch (state) {
            case AWAITING_START -> awaitingStart(packet, now);
            case SENDING -> sending(packet, now);
            case DONE, FAILED -> new Reaction.Continue(List.of(), now);
        };
    }

    private Reaction awaitingStart(Packet packet, long now) {
        switch (packet) {
            case Ack ack when ack.block() == 0 -> {
                openingSample.answered(now);
                return beginData(now);
            }
            case OptionAck oack when opening instanceof WriteRequest wrq && !wrq.options().isEmpty() -> {
                try {
                    parameters = ClientNegotiation.accept(wrq.options(), oack);
                } catch (OptionNegotiationException e) {
                    return fail(TransferFailure.Kind.NEGOTIATION, ErrorCode.OPTION_NEGOTIATION, e.getMessage(), true);
                }
                parameters.timeout().ifPresent(timer::setCeiling);
                acceptedOptions = oack.options();
                openingSample.answered(now);
                return beginData(now);
            }
            case OptionAck oack -> {
                return fail(TransferFailure.Kind.PROTOCOL, ErrorCode.OPTION_NEGOTIATION,
                        "OACK received but no options were requested", true);
            }
            case ErrorPacket error -> {
                return remoteError(error);
            }
            default -> {
                return unexpected(packet, now, "waiting for ACK 0");
            }
        }
    }

    @Override
    public Optional<Reaction> onMalformedOptionAck(MalformedPacketException problem, long now) {
        if (state == State.AWAITING_START && opening instanceof WriteRequest wrq && !wrq.options().isEmpty()) {
            return Optional.of(fail(TransferFailure.Kind.NEGOTIATION, ErrorCode.OPTION_NEGOTIATION,
                    "unacceptable OACK: " + problem.getMessage(), true));
        }
        return Optional.empty();
    }

    private Reaction beginData(long now) {
        state = State.SENDING;
        timer.onProgress(now);
        return firstWindow(now);
    }

    /** The source learns the settled terms, then block 1 goes out. */
    private Reaction firstWindow(long now) {
        try {
            source.begin(parameters, acceptedOptions);
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED, e.getMessage(), true);
        }
        blockSamples = new KarnSamples(parameters.windowSize(), timer::onRoundTrip);
        return sendWindow(1, now, true);
    }

    private Reaction sending(Packet packet, long now) {
        switch (packet) {
            case Ack ack -> {
                return acknowledged(BlockNumbers.expand(ack.block(), base), now);
            }
            case OptionAck oack -> {
                // Our DATA 1 was lost or late and the server repeated its OACK: the same as a
                // duplicate ACK 0, so it must not make us resend (RFC 1123 §4.2.3.1).
                counters.duplicates++;
                return waiting(now);
            }
            case ErrorPacket error -> {
                return remoteError(error);
            }
            default -> {
                return unexpected(packet, now, "sending DATA");
            }
        }
    }

    private Reaction acknowledged(long block, long now) {
        if (block <= base) {
            counters.duplicates++;
            return waiting(now);
        }
        if (block > highestSent) {
            // Cannot be an answer to anything we sent: damage, or a confused peer. Our timer recovers.
            counters.ignored++;
            return waiting(now);
        }
        if (judgingTimeout) {
            judgingTimeout = false;
            if (timer.answersWhatWasSentBefore(now - timeoutResentAt)) {
                // Faster than any round trip: the receiver answers the copies sent before the
                // timeout, which was spurious. Its resends are on the wire already; the next
                // timeout waits longer.
                counters.spurious++;
                timer.onSpuriousTimeout();
            }
        }
        long newlyAcknowledged = block - base;
        counters.blocks += newlyAcknowledged;
        blockSamples.answered(block, now);
        base = block;
        source.acknowledged(block);
        timer.onProgress(now);
        long done = bytesThrough(block);
        counters.bytes = done;
        progress.onProgress(done, totalBytes());
        if (block == finalBlock) {
            state = State.DONE;
            return new Reaction.Finished(List.of(), now);
        }
        // The whole window acknowledged sends the next one; part of it means the receiver saw a
        // gap after this block, and the window restarts there (RFC 7440 §4).
        return sendWindow(block + 1, now, true);
    }

    @Override
    public Reaction onTimeout(long now) {
        if (state == State.DONE || state == State.FAILED) {
            return new Reaction.Continue(List.of(), now);
        }
        counters.timeouts++;
        Optional<String> giveUp = timer.onTimeout(now);
        if (giveUp.isPresent()) {
            String message = state == State.SENDING && windowEnd == finalBlock
                    ? "the final block was never acknowledged: " + giveUp.get() + " (the peer may have the whole file)"
                    : giveUp.get();
            return fail(TransferFailure.Kind.TIMEOUT, ErrorCode.NOT_DEFINED, message, true);
        }
        openingSample.resent();
        if (state == State.AWAITING_START) {
            counters.retransmissions++;
            deadline = now + timer.timeoutNanos();
            return new Reaction.Continue(List.of(opening), deadline);
        }
        timeoutResentAt = now;
        judgingTimeout = true;
        return sendWindow(base + 1, now, false);
    }

    /**
     * Sends blocks {@code from ..} up to a window's worth, stopping at the final block.
     *
     * @param askedByReceiver an ACK named {@code from - 1}; otherwise our timer fired
     */
    private Reaction sendWindow(long from, long now, boolean askedByReceiver) {
        List<Packet> out = new ArrayList<>(Math.min(parameters.windowSize(), 64));
        long last = from + parameters.windowSize() - 1;
        long block = from;
        try {
            for (; block <= last && (finalBlock < 0 || block <= finalBlock); block++) {
                out.add(readBlock(block));
            }
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED, "cannot read file: " + e.getMessage(), true);
        }
        windowEnd = block - 1;
        for (long b = from; b <= windowEnd; b++) {
            boolean resent = b <= highestSent;
            blockSamples.sent(b, now, !resent || askedByReceiver);
            if (resent) {
                counters.retransmissions++;
            }
        }
        highestSent = Math.max(highestSent, windowEnd);
        deadline = now + (windowEnd == finalBlock ? timer.finalTimeoutNanos() : timer.timeoutNanos());
        return new Reaction.Continue(out, deadline);
    }

    private Data readBlock(long block) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(parameters.blockSize());
        int n = source.read(block, buffer);
        buffer.flip();
        if (n < parameters.blockSize()) {
            if (finalBlock >= 0 && finalBlock != block) {
                throw new IOException("file changed while being sent (block " + block + " is short, block "
                        + finalBlock + " was the last)");
            }
            finalBlock = block;
            finalLength = n;
        }
        return new Data(BlockNumbers.toWire(block), buffer);
    }

    private long bytesThrough(long block) {
        if (block == finalBlock) {
            return (block - 1) * parameters.blockSize() + finalLength;
        }
        return block * parameters.blockSize();
    }

    private long totalBytes() {
        long size = source.size();
        return size >= 0 ? size : parameters.transferSize();
    }


    /** Nothing to send: the timer keeps its deadline, so a stream of duplicates cannot postpone it. */
    private Reaction waiting(long now) {
        return new Reaction.Continue(List.of(), deadline);
    }

    private Reaction unexpected(Packet packet, long now, String context) {
        if (packet instanceof Data || packet instanceof Request) {
            return fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected " + packet.opcode() + " while " + context, true);
        }
        counters.ignored++;
        return waiting(now);
    }

    private Reaction remoteError(ErrorPacket error) {
        state = State.FAILED;
        return new Reaction.Failed(List.of(),
                new TransferFailure(TransferFailure.Kind.REMOTE_ERROR, error.code(), error.message()));
    }

    private Reaction fail(TransferFailure.Kind kind, ErrorCode code, String message, boolean tellPeer) {
        state = State.FAILED;
        List<Packet> send = tellPeer ? List.of(new ErrorPacket(code, message)) : List.of();
        return new Reaction.Failed(send, new TransferFailure(kind, code, message));
    }
}
