package netdisk.udp.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.flow.BlockBitmap;
import netdisk.udp.flow.FlowSettings;
import netdisk.udp.flow.Pacer;
import netdisk.udp.flow.RateController;
import netdisk.udp.flow.SentLog;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.FlowAck;
import netdisk.udp.packet.FlowData;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.retransmit.RetransmitTimer;

/**
 * The sending side of a flow-mode transfer (spec/protocol.md 16): a server answering an RRQ that
 * asked for {@code netdisk-flow}, or a client whose WRQ the server granted it.
 *
 * <p>States, top to bottom:
 *
 * <ol>
 *   <li>{@code AWAITING_START} (server only): our OACK is out; waiting for ACK 0 or a first
 *       FLOW_ACK. Timeout: send the OACK again, as the RFC sender does.
 *   <li>{@code SENDING}: FLOW_DATA leaves paced at the {@link RateController}'s rate, as long as
 *       fewer than its window are in flight and the receiver's window allows. Each datagram gets
 *       a new sequence number, so every FLOW_ACK names the transmission it answers. On a
 *       FLOW_ACK: the blocks it reports are settled; a transmission older than the newest one
 *       acknowledged by three sequences, or by 9/8 of a round trip, whose
 *       block is still missing is lost, and its block is queued to go again before new data
 *       (RFC 9002 §6.1). When nothing is acknowledged for a probe timeout (RFC 9002 §6.2) one
 *       datagram goes out to draw an ACK. Silence for {@link FlowSettings#giveUp()} ends it.
 *   <li>{@code DONE} once the receiver's cumulative point reaches the final (short) block;
 *       {@code FAILED} on an ERROR, a protocol violation or the give-up time.
 * </ol>
 *
 * <p>Where a retransmission is decided: {@link #settle} (loss by sequence or time) and {@link
 * #onTimeout} (the probe).
 */
public final class FlowSender implements TransferMachine {

    private enum State { AWAITING_START, SENDING, DONE, FAILED }

    /** RFC 9002 §6.1.1: a datagram this many sequences older than one acknowledged is lost. */
    private static final int PACKET_THRESHOLD = 3;
    /**
     * Once a loss turned out spurious (the block was acknowledged before its retransmission left),
     * the path reorders: as RACK does (RFC 8985 §6.2), stop counting sequences and decide by
     * time alone.
     */
    private static final int REORDERING_PACKET_THRESHOLD = Integer.MAX_VALUE / 2;
    /** RFC 9002 §6.1.2: the time threshold, as a multiple of the round trip. */
    private static final double TIME_THRESHOLD = 9.0 / 8;
    /** The timers' resolution (a selector's millisecond): no loss or probe timer below it. */
    private static final long GRANULARITY_NANOS = 1_000_000;
    /** Datagrams per reaction: bounds a reaction's list and the loop's time away from receiving. */
    private static final int MAX_BURST = 64;
    private static final long MAX_PROBE_BACKOFF_NANOS = 2_000_000_000L;

    private final BlockSource source;
    private final Packet opening;
    private final TransferParameters parameters;
    private final TftpOptions acknowledged;
    private final int blockSize;
    private final FlowSettings settings;
    private final ProgressListener progress;
    private final RetransmitTimer openingTimer;
    private final TransferCounters counters = new TransferCounters();

    private final SentLog log = new SentLog();
    private final BlockBitmap acked = new BlockBitmap();
    private final BlockBitmap queued = new BlockBitmap();
    private final ArrayDeque<Long> resend = new ArrayDeque<>();
    /** Retransmissions not yet known to be needed or not: (block, sequence), in sending order. */
    private final ArrayDeque<long[]> retransmitted = new ArrayDeque<>();
    /** The sequence of each block's latest transmission, by block number modulo the span. */
    private final long[] latestSequence = new long[BlockBitmap.SPAN];
    private final RateController controller;
    private final Pacer pacer;

    private State state;
    private long cumulative;
    private long nextNew = 1;
    private long finalBlock = -1;
    private int finalLength;
    /** The receiver takes no block above this (its cumulative point plus its window). */
    private long peerLimit = RateController.INITIAL_WINDOW;

    private long largestAckedSequence;
    private int packetThreshold = PACKET_THRESHOLD;
    private long srtt = -1;
    private long rttvar;
    private long latestRtt;

    private long deliveredBytes;
    private long deliveredTime;
    /** When the datagram whose delivery was learnt latest had been sent. */
    private long firstSentTime;
    private long roundEndSequence = 1;

    private long lastHeard;
    private long lastSent;
    private int probes;
    private long deadline;

    private FlowSender(BlockSource source, Packet opening, TransferParameters parameters, TftpOptions acknowledged,
            RetransmitPolicy policy, FlowSettings settings, ProgressListener progress) {
        this.source = source;
        this.opening = opening;
        this.parameters = parameters;
        this.acknowledged = acknowledged;
        this.blockSize = parameters.blockSize();
        this.settings = settings;
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.openingTimer = new RetransmitTimer(policy);
        int packetBytes = blockSize + FlowData.HEADER_BYTES;
        this.controller = new RateController(packetBytes);
        this.pacer = new Pacer(packetBytes);
        this.state = opening == null ? State.SENDING : State.AWAITING_START;
    }

    /** A server answering an RRQ that asked for flow mode: {@code oack} grants it. */
    public static FlowSender answeringRead(BlockSource source, OptionAck oack, TransferParameters parameters,
            RetransmitPolicy policy, FlowSettings settings, ProgressListener progress) {
        return new FlowSender(source, oack, parameters, oack.options(), policy, settings, progress);
    }

    /** A client whose WRQ the server answered with an OACK granting flow mode: data goes out at once. */
    public static FlowSender afterWriteGranted(BlockSource source, OptionAck oack, TransferParameters parameters,
            RetransmitPolicy policy, FlowSettings settings, ProgressListener progress) {
        return new FlowSender(source, null, parameters, oack.options(), policy, settings, progress);
    }

    public TransferParameters parameters() {
        return parameters;
    }

    @Override
    public TransferCounters counters() {
        return counters;
    }

    @Override
    public long smoothedRttNanos() {
        return srtt;
    }

    @Override
    public boolean finalBlockPassed() {
        return finalBlock >= 0 && nextNew > finalBlock;
    }

    /** The congestion controller, for the bench and tests. */
    public RateController controller() {
        return controller;
    }

    @Override
    public Reaction start(long now) {
        lastHeard = now;
        openingTimer.start(now);
        if (state == State.AWAITING_START) {
            deadline = now + openingTimer.timeoutNanos();
            return new Reaction.Continue(List.of(opening), deadline);
        }
        return begin(now);
    }

    private Reaction begin(long now) {
        state = State.SENDING;
        try {
            source.begin(parameters, acknowledged);
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED, e.getMessage());
        }
        return sendAllowed(now, List.of());
    }

    @Override
    public Reaction onPacket(Packet packet, long now) {
        return switch (state) {
            case AWAITING_START -> awaitingStart(packet, now);
            case SENDING -> sending(packet, now);
            case DONE, FAILED -> new Reaction.Continue(List.of(), now);
        };
    }

    private Reaction awaitingStart(Packet packet, long now) {
        switch (packet) {
            case Ack ack when ack.block() == 0 -> {
                lastHeard = now;
                return begin(now);
            }
            case FlowAck ack when ack.cumulative() == 0 && ack.largestSequence() == 0 -> {
                lastHeard = now;
                peerLimit = ack.window();
                return begin(now);
            }
            case ErrorPacket error -> {
                return remoteError(error);
            }
            default -> {
                counters.ignored++;
                return new Reaction.Continue(List.of(), deadline);
            }
        }
    }

    private Reaction sending(Packet packet, long now) {
        return switch (packet) {
            case FlowAck ack -> acknowledged(ack, now);
            case ErrorPacket error -> remoteError(error);
            case Ack ack when ack.block() == 0 -> duplicate(); // a repeated ACK 0: our data is on its way
            case OptionAck oack -> duplicate(); // the server repeats its OACK: FLOW_DATA already answers it
            case Ack ack -> ignored();
            case netdisk.udp.packet.FlowDone done -> ignored(); // a receiver's packet never says this
            case FlowData data -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected FLOW_DATA while sending");
            case netdisk.udp.packet.Data data -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected DATA while sending in flow mode");
            case netdisk.udp.packet.Request request -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected " + request.opcode() + " during a transfer");
        };
    }

    private Reaction acknowledged(FlowAck ack, long now) {
        if (ack.largestSequence() >= log.nextSequence() || ack.largestBlock() >= nextNew) {
            // Names a datagram or a block we never sent: damage or confusion. Our timers recover.
            return ignored();
        }
        lastHeard = now;
        if (ack.largestSequence() > largestAckedSequence) {
            largestAckedSequence = ack.largestSequence();
            if (log.nextSequence() - largestAckedSequence < (1 << 17)) {
                sampleRoundTrip(now - log.sentAt(largestAckedSequence), ack.ackDelayMicros() * 1_000L, now);
            }
        }
        if (ack.cumulative() > cumulative) {
            cumulative = ack.cumulative();
            acked.advanceTo(cumulative);
            queued.advanceTo(cumulative);
            source.acknowledged(cumulative);
            counters.blocks = cumulative;
            counters.bytes = bytesThrough(cumulative);
            progress.onProgress(counters.bytes, totalBytes());
        }
        for (FlowAck.Range range : ack.ranges()) {
            acked.set(range.first(), range.last());
        }
        peerLimit = Math.max(peerLimit, ack.cumulative() + Math.min(ack.window(), BlockBitmap.SPAN));
        judgeRetransmissions(ack.largestSequence());
        settle(now);
        if (finalBlock >= 0 && cumulative >= finalBlock) {
            state = State.DONE;
            // Tell the receiver its final ACK arrived, so it need not dally for our probes.
            return new Reaction.Finished(List.of(new netdisk.udp.packet.FlowDone(finalBlock)), now);
        }
        return sendAllowed(now, List.of());
    }

    /**
     * Settles every transmission up to the newest acknowledged: delivered when its block is held,
     * lost when it is older than the newest acknowledged by the packet or time threshold, else
     * left for a later ACK or the loss timer. Lost blocks are queued to go again.
     */
    private void settle(long now) {
        long delivered = 0;
        long lost = 0;
        long newestDelivered = -1;
        long lossBefore = now - lossDelay();
        long upTo = Math.min(largestAckedSequence, log.nextSequence() - 1);
        for (long seq = log.oldest(); seq <= upTo; seq++) {
            if (!log.isPending(seq)) {
                continue;
            }
            long block = log.block(seq);
            int slot = (int) (block & (BlockBitmap.SPAN - 1));
            if (acked.get(block)) {
                log.settle(seq);
                if (latestSequence[slot] == seq) {
                    delivered++;
                    newestDelivered = seq;
                }
            } else if (seq + packetThreshold <= largestAckedSequence || log.sentAt(seq) - lossBefore <= 0) {
                log.settle(seq);
                lost++;
                counters.lost++;
                if (latestSequence[slot] == seq && !queued.get(block)) {
                    queued.set(block, block);
                    resend.add(block);
                }
            }
        }
        if (newestDelivered > 0) {
            long bytes = delivered * (long) blockSize;
            deliveredBytes += bytes;
            // BBR's rate sample: over the longer of the send and the ACK spans, so ACKs that
            // arrive bunched (a receiver that paused, then answered a backlog at once) cannot
            // show a rate faster than the data was sent.
            long sendElapsed = log.sentAt(newestDelivered) - log.firstSentAtSend(newestDelivered);
            long ackElapsed = now - log.deliveredTimeAtSend(newestDelivered);
            controller.onDeliveryRate(deliveredBytes - log.deliveredAtSend(newestDelivered),
                    Math.max(sendElapsed, ackElapsed));
            deliveredTime = now;
            firstSentTime = log.sentAt(newestDelivered);
            probes = 0;
        }
        controller.onSettled(delivered, lost);
        if (largestAckedSequence >= roundEndSequence) {
            controller.onRoundEnd(log.unsettled());
            roundEndSequence = log.nextSequence();
        }
    }

    /**
     * Finds retransmissions that were not needed: a block held by the receiver before the
     * retransmission of it could have arrived (this ACK's newest sequence is older than the
     * retransmission). The original was late, not lost: the path reorders, so from now on loss is
     * judged by time alone (RFC 8985 §6.2). Looks at the oldest retransmissions only, as far as
     * they are settled, so each is looked at about once.
     */
    private void judgeRetransmissions(long newestAcknowledged) {
        while (!retransmitted.isEmpty()) {
            long[] entry = retransmitted.peekFirst();
            long block = entry[0];
            long sequence = entry[1];
            if (!acked.get(block)) {
                if (sequence <= newestAcknowledged) {
                    retransmitted.pollFirst(); // that copy is settled as lost; a newer one is listed
                    continue;
                }
                return;
            }
            retransmitted.pollFirst();
            if (newestAcknowledged < sequence) {
                counters.spurious++;
                packetThreshold = REORDERING_PACKET_THRESHOLD;
            }
        }
    }

    private void sampleRoundTrip(long rtt, long ackDelay, long now) {
        long min = controller.minRttNanos();
        controller.onRoundTrip(rtt, now);
        // RFC 9002 §5.3: take the receiver's delay off, unless that would go below the floor.
        long adjusted = min > 0 && rtt - ackDelay >= min ? rtt - ackDelay : rtt;
        latestRtt = adjusted;
        if (srtt < 0) {
            srtt = adjusted;
            rttvar = adjusted / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - adjusted)) / 4;
            srtt = (7 * srtt + adjusted) / 8;
        }
    }

    /**
     * How long after it left an unacknowledged datagram below the newest acknowledged one counts
     * as lost: 9/8 of the round trip (RFC 9002 §6.1.2), plus the receiver's allowed ACK delay. The
     * round trip here has that delay taken out, but the datagrams at the end of a burst are
     * acknowledged only when the receiver's ACK timer fires; without the allowance the sender
     * called them lost a moment before their ACK came (seeded simulation: 2-10x the real losses).
     */
    private long lossDelay() {
        long base = srtt < 0 ? 1_000_000 : Math.max(srtt, latestRtt);
        return Math.max(GRANULARITY_NANOS, (long) (TIME_THRESHOLD * base)) + FlowReceiver.MAX_ACK_DELAY_NANOS;
    }

    private long probeTimeout() {
        long base = srtt < 0 ? 3 * 1_000_000 : srtt + Math.max(4 * rttvar, GRANULARITY_NANOS);
        long pto = base + FlowReceiver.MAX_ACK_DELAY_NANOS;
        if (finalBlockPassed()) {
            pto = Math.max(pto, RetransmitTimer.COMMIT_ALLOWANCE_NANOS); // the receiver stores the file first
        }
        return Math.min(MAX_PROBE_BACKOFF_NANOS, pto << Math.min(probes, 20));
    }

    @Override
    public Reaction onTimeout(long now) {
        switch (state) {
            case AWAITING_START -> {
                counters.timeouts++;
                Optional<String> giveUp = openingTimer.onTimeout(now);
                if (giveUp.isPresent()) {
                    return fail(TransferFailure.Kind.TIMEOUT, ErrorCode.NOT_DEFINED, giveUp.get());
                }
                counters.retransmissions++;
                deadline = now + openingTimer.timeoutNanos();
                return new Reaction.Continue(List.of(opening), deadline);
            }
            case DONE, FAILED -> {
                return new Reaction.Continue(List.of(), now);
            }
            case SENDING -> { }
        }
        if (now - lastHeard >= settings.giveUp().toNanos()) {
            return fail(TransferFailure.Kind.TIMEOUT, ErrorCode.NOT_DEFINED,
                    "no answer for " + settings.giveUp().toSeconds() + " s");
        }
        // Most wake-ups are the pacer's; settle (a walk over what is in flight) only when the loss
        // timer is what is due.
        long undecided = oldestUndecidedSentAt();
        if (undecided != Long.MAX_VALUE && now - (undecided + lossDelay()) >= 0) {
            settle(now);
        }
        List<Packet> probe = List.of();
        if (log.unsettled() > 0 && now - (lastSent + probeTimeout()) >= 0) {
            // Nothing acknowledged for a probe timeout: the tail, or the ACKs, were lost. One
            // datagram — the lowest block still missing — asks the receiver to say where it is.
            counters.timeouts++;
            probes++;
            long block = lowestMissing();
            if (block > 0) {
                try {
                    probe = List.of(transmit(block, now));
                } catch (IOException e) {
                    return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED, "cannot read file: " + e.getMessage());
                }
            }
        }
        return sendAllowed(now, probe);
    }

    private long lowestMissing() {
        for (long b = cumulative + 1; b < nextNew; b++) {
            if (!acked.get(b)) {
                return b;
            }
        }
        return -1;
    }

    /** Sends what pacing, the congestion window and the receiver's window allow, after {@code first}. */
    private Reaction sendAllowed(long now, List<Packet> first) {
        List<Packet> out = first.isEmpty() ? new ArrayList<>() : new ArrayList<>(first);
        double rate = controller.pacingRate();
        long window = controller.window();
        boolean waitingForPacer = false;
        try {
            while (out.size() < MAX_BURST) {
                if (log.unsettled() >= window || log.isFull()) {
                    break;
                }
                long block = nextBlock();
                if (block < 0) {
                    break;
                }
                if (!pacer.maySend(now, rate)) {
                    waitingForPacer = true;
                    break;
                }
                out.add(transmit(block, now));
                take(block);
            }
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED, "cannot read file: " + e.getMessage());
        }
        if (out.size() == MAX_BURST) {
            waitingForPacer = true; // more may be allowed: come back at once
        }
        deadline = nextDeadline(now, waitingForPacer ? pacer.nextSendTime(now, rate) : Long.MAX_VALUE);
        return new Reaction.Continue(out, deadline);
    }

    /** The next block to send, without taking it: a lost one first, else the next new one; -1 when none. */
    private long nextBlock() {
        while (!resend.isEmpty()) {
            long block = resend.peekFirst();
            if (!acked.get(block)) {
                return block;
            }
            resend.pollFirst();
            queued.clear(block);
            // Declared lost, yet acknowledged before we could send it again: it was late, not lost.
            counters.spurious++;
            packetThreshold = REORDERING_PACKET_THRESHOLD;
        }
        boolean beforeEnd = finalBlock < 0 || nextNew <= finalBlock;
        return beforeEnd && nextNew <= peerLimit && nextNew - cumulative <= BlockBitmap.SPAN ? nextNew : -1;
    }

    private void take(long block) {
        if (!resend.isEmpty() && resend.peekFirst() == block) {
            resend.pollFirst();
            queued.clear(block);
        } else if (block == nextNew) {
            nextNew++;
        }
    }

    private FlowData transmit(long block, long now) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(blockSize);
        int n = source.read(block, buffer);
        buffer.flip();
        if (n < blockSize) {
            if (finalBlock >= 0 && finalBlock != block) {
                throw new IOException("file changed while being sent (block " + block + " is short, block "
                        + finalBlock + " was the last)");
            }
            finalBlock = block;
            finalLength = n;
        } else if (finalBlock >= 0 && block >= finalBlock) {
            throw new IOException("file changed while being sent (block " + block + " is full, block "
                    + finalBlock + " was the last)");
        }
        long seq = log.record(block, now, deliveredBytes, deliveredTime == 0 ? now : deliveredTime,
                firstSentTime == 0 ? now : firstSentTime);
        if (block < nextNew) {
            counters.retransmissions++;
            if (retransmitted.size() < 4096) {
                retransmitted.addLast(new long[] {block, seq});
            }
        }
        latestSequence[(int) (block & (BlockBitmap.SPAN - 1))] = seq;
        pacer.sent(n + FlowData.HEADER_BYTES);
        lastSent = now;
        return new FlowData(block, seq, buffer);
    }

    private long nextDeadline(long now, long pacing) {
        long next = pacing;
        if (log.unsettled() > 0) {
            next = Math.min(next, lastSent + probeTimeout());
            long oldestPending = oldestUndecidedSentAt();
            if (oldestPending != Long.MAX_VALUE) {
                next = Math.min(next, oldestPending + lossDelay());
            }
        }
        next = Math.min(next, lastHeard + settings.giveUp().toNanos());
        return Math.max(next, now);
    }

    /** When the oldest transmission at or below the newest acknowledged that is still undecided left. */
    private long oldestUndecidedSentAt() {
        long seq = log.oldest();
        if (seq <= largestAckedSequence && log.isPending(seq)) {
            return log.sentAt(seq);
        }
        return Long.MAX_VALUE;
    }

    private long bytesThrough(long block) {
        if (block == finalBlock) {
            return (block - 1) * (long) blockSize + finalLength;
        }
        return block * (long) blockSize;
    }

    private long totalBytes() {
        long size = source.size();
        return size >= 0 ? size : parameters.transferSize();
    }

    private Reaction duplicate() {
        counters.duplicates++;
        return new Reaction.Continue(List.of(), deadline);
    }

    private Reaction ignored() {
        counters.ignored++;
        return new Reaction.Continue(List.of(), deadline);
    }

    private Reaction remoteError(ErrorPacket error) {
        state = State.FAILED;
        return new Reaction.Failed(List.of(),
                new TransferFailure(TransferFailure.Kind.REMOTE_ERROR, error.code(), error.message()));
    }

    private Reaction fail(TransferFailure.Kind kind, ErrorCode code, String message) {
        state = State.FAILED;
        return new Reaction.Failed(List.of(new ErrorPacket(code, message)), new TransferFailure(kind, code, message));
    }
}
