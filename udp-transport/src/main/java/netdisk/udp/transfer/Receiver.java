package netdisk.udp.transfer;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import netdisk.udp.blocks.BlockSink;
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
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.retransmit.KarnSamples;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.retransmit.RetransmitTimer;

/**
 * The receiving side of a transfer: a client after its RRQ, or a server answering WRQ.
 *
 * <p>States, top to bottom:
 *
 * <ol>
 *   <li>{@code OPENING}: our opening is out (a client's RRQ; a server's ACK 0 or OACK) and nothing
 *       has answered it. A client that asked for options may get an OACK now, and only now: it
 *       answers ACK 0 (RFC 2347 §4) and goes to {@code OPTIONS_ACCEPTED}. DATA 1 goes to
 *       {@code RECEIVING}. Timeout: send the opening again.
 *   <li>{@code OPTIONS_ACCEPTED}: a client answered the server's OACK with ACK 0 and waits for
 *       DATA 1; a repeat of the same OACK means our ACK 0 was lost, and is answered again.
 *   <li>{@code RECEIVING}: data has come in order; our latest ACK is out and block
 *       {@code expected} is next. An in-order block is written; every
 *       {@code windowsize}-th one, and the final short one, is acknowledged (RFC 7440 §4). The
 *       first out-of-order or repeated block since our last ACK is answered once with an ACK of
 *       the last in-order block, which tells a windowed sender where to restart. In lockstep
 *       every repeat is answered, except one that crossed our ACK on the wire (it came within a
 *       retransmission timeout of it): answering that feeds the Sorcerer's Apprentice Syndrome.
 *       Timeout: ACK the last in-order block.
 *   <li>{@code DALLYING}: the final block is written and acknowledged. If that ACK is lost the
 *       sender repeats the final block, so for a while (the dally) we ACK it again.
 *   <li>{@code FAILED} on an ERROR, a protocol violation, a local write error or too many
 *       timeouts.
 * </ol>
 */
public final class Receiver implements TransferMachine {

    private enum State { OPENING, OPTIONS_ACCEPTED, RECEIVING, DALLYING, FAILED }

    private final BlockSink sink;
    private final RetransmitTimer timer;
    private final ProgressListener progress;
    private final TransferCounters counters = new TransferCounters();
    /** Options our RRQ asked for; an OACK is acceptable only while none has come and no data has. */
    private final ReadRequest request;

    private State state = State.OPENING;
    private TransferParameters parameters;
    private OptionAck acceptedOack;

    /** The opening packet (request, ACK 0 or OACK), then our latest ACK. */
    private Packet lastSent;
    /** The next block we need (64-bit count). */
    private long expected = 1;
    /** In-order blocks since our last ACK. */
    private int sinceAck;
    /** The block our last ACK named (64-bit count): the sender's next window starts after it. */
    private long ackedThrough;
    /** Whether we already answered a gap or repeat since our last ACK (answer once, not per packet). */
    private boolean answeredDisorder;
    /**
     * The highest block that arrived after a gap since we answered it. A block below it means the
     * sender went back and started a new window (our answer restarted it, or its timer did); if
     * that window still leaves the gap open, its block was lost again and the gap is answered
     * again, once per window the sender sends. Answering only the first time left each repeated
     * loss of the same block to the timers, which on a lossy link had backed off into seconds.
     */
    private long highestAfterGap;
    private long finalBlock = -1;
    /**
     * How often in a row a short block of the same length ({@link #shortLength}) ending before
     * the announced tsize came at the current position. A truncated datagram is cut anywhere, so
     * its repeats differ in length; a file that shrank under the sender repeats the same block.
     */
    private int shortBeforeSize;
    private int shortLength = -1;
    /** After this many identical short blocks the file really ended early: give up, say so. */
    private static final int SHORT_BLOCK_PATIENCE = 3;

    /** Whether the sink was told the terms ({@link BlockSink#begin}); done before the first DATA. */
    private boolean begun;
    private long deadline;
    /** Our last packet (the opening, then each ACK): its answer times the round trip if sent once. */
    private final KarnSamples lastSentSample;

    private Receiver(BlockSink sink, Packet opening, ReadRequest request, TransferParameters parameters,
            RetransmitPolicy policy, ProgressListener progress) {
        this.sink = sink;
        this.lastSent = opening;
        this.request = request;
        this.parameters = parameters;
        this.timer = new RetransmitTimer(policy);
        this.lastSentSample = KarnSamples.single(timer::onRoundTrip);
        this.progress = progress == null ? ProgressListener.NONE : progress;
        parameters.timeout().ifPresent(timer::setCeiling);
        counters.dataReceived = 0;
    }

    /** A client that sends {@code request} and takes the file it gets. */
    public static Receiver reading(BlockSink sink, ReadRequest request, RetransmitPolicy policy,
            ProgressListener progress) {
        return new Receiver(sink, request, request, TransferParameters.RFC1350, policy, progress);
    }

    /**
     * A server that answers a WRQ with {@code opening} — ACK 0 (plain, RFC 1350) or its OACK
     * (RFC 2347) — and takes the file.
     */
    public static Receiver answeringWrite(BlockSink sink, Packet opening, TransferParameters parameters,
            RetransmitPolicy policy, ProgressListener progress) {
        if (!(opening instanceof Ack ack && ack.block() == 0) && !(opening instanceof OptionAck)) {
            throw new IllegalArgumentException("a write is answered with ACK 0 or OACK, not " + opening);
        }
        return new Receiver(sink, opening, null, parameters, policy, progress);
    }

    public TransferParameters parameters() {
        return parameters;
    }

    /** The OACK the server answered our request with, if any: extensions are read from it. */
    public OptionAck acceptedOack() {
        return acceptedOack;
    }

    @Override
    public TransferCounters counters() {
        return counters;
    }

    @Override
    public long smoothedRttNanos() {
        return timer.smoothedRttNanos();
    }

    @Override
    public boolean finalBlockPassed() {
        return finalBlock >= 0;
    }

    @Override
    public Reaction start(long now) {
        timer.start(now);
        return send(lastSent, now, true);
    }

    @Override
    public Reaction onPacket(Packet packet, long now) {
        timer.onHeard(now);
        return switch (state) {
            case OPENING, OPTIONS_ACCEPTED, RECEIVING -> receiving(packet, now);
            case DALLYING -> dallying(packet, now);
            case FAILED -> new Reaction.Continue(List.of(), deadline);
        };
    }

    private Reaction receiving(Packet packet, long now) {
        return switch (packet) {
            case Data data -> data(data, now);
            case OptionAck oack -> optionAck(oack, now);
            case ErrorPacket error -> remoteError(error);
            case Ack ack -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected ACK while receiving DATA");
            case netdisk.udp.packet.Request r -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected " + r.opcode() + " during a transfer");
            // Flow mode was not negotiated: a flow packet means as much as a damaged datagram.
            case netdisk.udp.packet.FlowData d -> ignored();
            case netdisk.udp.packet.FlowAck a -> ignored();
            case netdisk.udp.packet.FlowDone d -> ignored();
        };
    }

    /** A client whose request carried options, with no reply yet: an OACK may come now, and only now. */
    private boolean awaitingOptionAck() {
        return state == State.OPENING && request != null && !request.options().isEmpty();
    }

    @Override
    public Optional<Reaction> onMalformedOptionAck(MalformedPacketException problem, long now) {
        if (awaitingOptionAck()) {
            return Optional.of(fail(TransferFailure.Kind.NEGOTIATION, ErrorCode.OPTION_NEGOTIATION,
                    "unacceptable OACK: " + problem.getMessage()));
        }
        return Optional.empty();
    }

    private Reaction optionAck(OptionAck oack, long now) {
        if (awaitingOptionAck()) {
            try {
                parameters = ClientNegotiation.accept(request.options(), oack);
            } catch (OptionNegotiationException e) {
                return fail(TransferFailure.Kind.NEGOTIATION, ErrorCode.OPTION_NEGOTIATION, e.getMessage());
            }
            parameters.timeout().ifPresent(timer::setCeiling);
            acceptedOack = oack;
            state = State.OPTIONS_ACCEPTED;
            lastSentSample.answered(now);
            timer.onProgress(now);
            return send(new Ack(0), now, true);
        }
        if (acceptedOack != null && acceptedOack.equals(oack)) {
            // The server did not get our ACK 0 and repeats its OACK: answer again.
            counters.duplicates++;
            if (state == State.OPTIONS_ACCEPTED) {
                counters.retransmissions++;
                return send(new Ack(0), now, false);
            }
            return waiting();
        }
        if (request == null || request.options().isEmpty()) {
            return fail(TransferFailure.Kind.PROTOCOL, ErrorCode.OPTION_NEGOTIATION,
                    "OACK received but no options were requested");
        }
        return fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION, "unexpected OACK during the transfer");
    }

    private Reaction data(Data data, long now) {
        countCopy();
        if (!begun) {
            begun = true;
            try {
                sink.begin(parameters, acceptedOack == null ? netdisk.udp.packet.TftpOptions.NONE : acceptedOack.options());
            } catch (IOException e) {
                return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.DISK_FULL, "cannot write: " + e.getMessage());
            }
        }
        long block = BlockNumbers.expand(data.block(), expected);
        if (data.length() > parameters.blockSize()) {
            return fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "DATA " + data.block() + " carries " + data.length() + " bytes, more than the block size "
                            + parameters.blockSize());
        }
        if (block != expected) {
            return outOfOrder(block, now);
        }
        boolean last = data.length() < parameters.blockSize();
        long total = parameters.transferSize();
        if (last && total >= 0 && sink.bytesReceived() + data.length() < total) {
            // Shorter than announced: most likely a damaged (truncated) datagram, not the end; the
            // sender repeats the real block. If it keeps coming short, the file shrank under the
            // sender: fail rather than keep a silently short file.
            counters.ignored++;
            if (data.length() != shortLength) {
                shortLength = data.length();
                shortBeforeSize = 0;
            }
            if (++shortBeforeSize >= SHORT_BLOCK_PATIENCE) {
                return fail(TransferFailure.Kind.PROTOCOL, ErrorCode.NOT_DEFINED, "data ended at "
                        + (sink.bytesReceived() + data.length()) + " bytes, but " + total + " were announced (tsize)");
            }
            return waiting();
        }
        shortBeforeSize = 0;
        shortLength = -1;
        try {
            sink.write(data.payload());
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.DISK_FULL, "cannot write: " + e.getMessage());
        }
        lastSentSample.answered(now);
        timer.onProgress(now);
        counters.blocks++;
        counters.bytes = sink.bytesReceived();
        state = State.RECEIVING;
        expected++;
        sinceAck++;
        answeredDisorder = false;
        highestAfterGap = 0;
        progress.onProgress(sink.bytesReceived(), total);
        if (last) {
            return finish(block, now);
        }
        if (sinceAck >= parameters.windowSize()) {
            return send(new Ack(data.block()), now, true);
        }
        deadline = now + timer.timeoutNanos();
        return new Reaction.Continue(List.of(), deadline);
    }

    private Reaction outOfOrder(long block, long now) {
        if (block < expected) {
            counters.duplicates++;
        } else {
            counters.ignored++;
        }
        if (state == State.OPENING && request != null) {
            // Before anything answered our request, the only block that makes sense is 1.
            return waiting();
        }
        if (parameters.windowSize() == 1 && crossedOurAck(block, now)) {
            return waiting();
        }
        if (block > ackedThrough && block < expected) {
            // The sender went back to the block after our last ACK, as that ACK told it to (RFC
            // 7440 §4), and is resending blocks that reached us after we sent it. Its window ends
            // w blocks after our ACK, which is where our in-order count ACKs next. Answering here
            // would name a block inside that window: the sender would go back again, and every
            // later window would be half resent.
            return waiting();
        }
        // Lockstep peers resend on their own timer and expect each repeat to be answered (RFC 1350);
        // in a window, one answer per gap and window is enough to restart the sender.
        boolean senderWentBack = block > expected && block <= highestAfterGap;
        if (block > expected) {
            highestAfterGap = senderWentBack ? block : Math.max(highestAfterGap, block);
        }
        if (!answeredDisorder || parameters.windowSize() == 1 || senderWentBack) {
            answeredDisorder = true;
            Ack lastInOrder = new Ack(BlockNumbers.toWire(expected - 1));
            if (lastInOrder.equals(lastSent)) {
                counters.retransmissions++;
            }
            return send(lastInOrder, now, false);
        }
        return waiting();
    }

    /**
     * Whether a repeat of the block we acknowledged last came within one retransmission timeout
     * of that ACK, so was sent before the ACK could have been of use. A sender that resends DATA on
     * every unexpected ACK (curl does; RFC 1123 §4.2.3.1 forbids it) sends such a repeat after one
     * duplicated or late ACK; answering it duplicates the next block too, and so on to the end of
     * the file (the Sorcerer's Apprentice Syndrome). Leaving it unanswered costs at most the rest
     * of that timeout: if our ACK really was lost, our timer sends it again then.
     */
    private boolean crossedOurAck(long block, long now) {
        return block == expected - 1
                && lastSent instanceof Ack ack && ack.block() == BlockNumbers.toWire(block)
                && now - lastSentSample.sentAt() < timer.timeoutNanos();
    }

    private Reaction finish(long block, long now) {
        try {
            sink.complete();
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.DISK_FULL, "cannot store the file: " + e.getMessage());
        }
        finalBlock = block;
        state = State.DALLYING;
        Ack ack = new Ack(BlockNumbers.toWire(block));
        lastSent = ack;
        lastSentSample.sent(now, false); // nothing times it: the dally only waits for repeats
        deadline = now + timer.dallyNanos();
        return new Reaction.Finished(List.of(ack), deadline);
    }

    private Reaction dallying(Packet packet, long now) {
        if (packet instanceof Data data && BlockNumbers.expand(data.block(), finalBlock) == finalBlock) {
            countCopy();
            counters.duplicates++;
            counters.retransmissions++;
            // The sender backs off, doubling its wait each time: stay long enough to hear its next
            // attempt too, or a second lost ACK would leave it failing a transfer that succeeded.
            long sinceLastAck = now - lastSentSample.sentAt();
            deadline = Math.max(deadline, now + Math.max(timer.dallyNanos(), 3 * sinceLastAck));
            lastSentSample.sent(now, false);
            return new Reaction.Finished(List.of(lastSent), deadline);
        }
        counters.ignored++;
        return new Reaction.Finished(List.of(), deadline);
    }

    @Override
    public Reaction onTimeout(long now) {
        if (state == State.DALLYING || state == State.FAILED) {
            return new Reaction.Continue(List.of(), deadline);
        }
        counters.timeouts++;
        Optional<String> giveUp = timer.onTimeout(now);
        if (giveUp.isPresent()) {
            return fail(TransferFailure.Kind.TIMEOUT, ErrorCode.NOT_DEFINED, giveUp.get());
        }
        // Whatever the sender had in flight is lost or late. Once data has come, the answer is an
        // ACK of the last block received in order (RFC 7440 §4), not our last packet: that may be
        // an ACK from before the latest in-order blocks (which the sender ignores as a duplicate)
        // or the OACK (which must not follow DATA). With it the sender starts a new window at once.
        sinceAck = 0;
        answeredDisorder = false;
        highestAfterGap = 0;
        counters.retransmissions++;
        Packet again = state == State.RECEIVING ? new Ack(BlockNumbers.toWire(expected - 1)) : lastSent;
        return send(again, now, false);
    }

    private Reaction send(Packet packet, long now, boolean fresh) {
        lastSent = packet;
        lastSentSample.sent(now, fresh);
        if (packet instanceof Ack) {
            sinceAck = 0;
            ackedThrough = expected - 1; // every ACK we send names the last in-order block
        }
        deadline = now + timer.timeoutNanos();
        return new Reaction.Continue(List.of(packet), deadline);
    }

    /** One more DATA arrived: what the sender resent, as far as we can see, is every DATA beyond the blocks written. */
    private void countCopy() {
        counters.dataReceived++;
    }

    private Reaction ignored() {
        counters.ignored++;
        return waiting();
    }

    private Reaction waiting() {
        return new Reaction.Continue(List.of(), deadline);
    }

    private Reaction remoteError(ErrorPacket error) {
        state = State.FAILED;
        sink.abort();
        return new Reaction.Failed(List.of(),
                new TransferFailure(TransferFailure.Kind.REMOTE_ERROR, error.code(), error.message()));
    }

    private Reaction fail(TransferFailure.Kind kind, ErrorCode code, String message) {
        state = State.FAILED;
        sink.abort();
        return new Reaction.Failed(List.of(new ErrorPacket(code, message)), new TransferFailure(kind, code, message));
    }
}
