package netdisk.udp.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.flow.FlowSettings;
import netdisk.udp.flow.HeldBlocks;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.FlowAck;
import netdisk.udp.packet.FlowData;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.retransmit.KarnSamples;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.retransmit.RetransmitTimer;

/**
 * The receiving side of a flow-mode transfer (spec/protocol.md 16): a client whose RRQ the server
 * granted {@code netdisk-flow}, or a server answering a WRQ that asked for it.
 *
 * <p>States, top to bottom:
 *
 * <ol>
 *   <li>{@code OPENING}: our opening packet is out — the client's FLOW_ACK of nothing (which
 *       answers the server's OACK and gives our window), or the server's OACK. Timeout: send it
 *       again, as the RFC receiver does. The first FLOW_DATA moves on.
 *   <li>{@code RECEIVING}: a block in order is written at once, with any held blocks that follow
 *       it; a block out of order is held (up to the window). A FLOW_ACK goes out after every
 *       {@link #ACK_EVERY} datagrams, at once when a datagram opens a new gap or repeats a block
 *       we hold (the sender is probing), and otherwise at most {@link #MAX_ACK_DELAY_NANOS}
 *       after a datagram. Silence: a FLOW_ACK again now and then (the sender's probes are what
 *       really recover), and after {@link FlowSettings#giveUp()} the transfer ends.
 *   <li>{@code DALLYING}: every block through the final (short) one is written and the sink is
 *       complete; a repeat of any block is answered with the final FLOW_ACK again. The sender's
 *       FLOW_DONE ends the dally at once (it has our final ACK and will not probe again).
 *   <li>{@code FAILED} on an ERROR, a protocol violation, a local write error or the give-up time.
 * </ol>
 */
public final class FlowReceiver implements TransferMachine {

    private enum State { OPENING, RECEIVING, DALLYING, FAILED }

    /** Datagrams per FLOW_ACK in a steady stream (QUIC acknowledges every second; we batch more). */
    static final int ACK_EVERY = 8;
    /** The longest a datagram waits for its FLOW_ACK; the sender's probe timer allows for it. */
    public static final long MAX_ACK_DELAY_NANOS = 1_000_000;
    private static final long FIRST_IDLE_ACK_NANOS = 200_000_000;
    private static final long MAX_IDLE_ACK_NANOS = 2_000_000_000;
    /**
     * The dally outlasts the sender's probes. Once its final block is out, a sender that hears
     * nothing probes one unit after its last send (its probe timeout: at least 50 ms, about 3
     * round trips on a longer path) and then 2, 4, 8 ... units apart; staying 63 units answers
     * its sixth probe, so the final FLOW_ACK survives five losses in a row (and each probe that
     * arrives extends the dally again, as in section 10). It was 8 round trips, at least 50 ms:
     * on the kernel-link lab at 10 % loss one flow put in three failed "no answer for 30 s"
     * with the whole file stored, when the final FLOW_ACK and the first probe were both lost.
     * The sender's FLOW_DONE ends the dally at once, so a long one costs only when that is lost;
     * even then it holds a server's transfer slot no longer than {@link #MAX_DALLY_NANOS} (on a
     * long path that covers fewer probes, each of which extends it again).
     */
    private static final int DALLY_PROBE_UNITS = 63;
    static final long MAX_DALLY_NANOS = 4_000_000_000L;

    private final BlockSink sink;
    private final TransferParameters parameters;
    private final TftpOptions acknowledged;
    private final int blockSize;
    private final int window;
    private final FlowSettings settings;
    private final ProgressListener progress;
    private final RetransmitTimer openingTimer;
    private final TransferCounters counters = new TransferCounters();

    private final HeldBlocks held = new HeldBlocks();
    /** Held blocks by block number modulo the window; each a view of its datagram's own copy. */
    private final ByteBuffer[] slots;

    private State state = State.OPENING;
    private Packet opening;
    /** The opening's round trip, timed only if it was sent once; -1 before (or without) one. */
    private long openingRtt = -1;
    private final KarnSamples openingSample = KarnSamples.single(rtt -> openingRtt = rtt);

    /** Bytes the sink held before the first block (a resumed download's offset). */
    private long startBytes;
    private long cumulative;
    private long highestSeen;
    private long finalBlock = -1;

    private long largestSequence;
    private long largestArrival;
    private int sinceAck;
    private long ackDue = Long.MAX_VALUE;
    private long lastHeard;
    private long lastAckSent;
    private long idleAckInterval = FIRST_IDLE_ACK_NANOS;
    private long deadline;
    private FlowAck finalAck;

    private FlowReceiver(BlockSink sink, Packet opening, TransferParameters parameters, TftpOptions acknowledged,
            RetransmitPolicy policy, FlowSettings settings, ProgressListener progress) {
        this.sink = sink;
        this.opening = opening;
        this.parameters = parameters;
        this.acknowledged = acknowledged;
        this.blockSize = parameters.blockSize();
        this.settings = settings;
        this.window = settings.windowBlocks(blockSize);
        this.slots = new ByteBuffer[window];
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.openingTimer = new RetransmitTimer(policy);
    }

    /** A client whose RRQ the server answered with {@code oack}, granting flow mode. */
    public static FlowReceiver afterReadGranted(BlockSink sink, OptionAck oack, TransferParameters parameters,
            RetransmitPolicy policy, FlowSettings settings, ProgressListener progress) {
        FlowReceiver receiver = new FlowReceiver(sink, null, parameters, oack.options(), policy, settings, progress);
        receiver.opening = receiver.ack(0);
        return receiver;
    }

    /** A server answering a WRQ that asked for flow mode: {@code oack} grants it. */
    public static FlowReceiver answeringWrite(BlockSink sink, OptionAck oack, TransferParameters parameters,
            RetransmitPolicy policy, FlowSettings settings, ProgressListener progress) {
        return new FlowReceiver(sink, oack, parameters, TftpOptions.NONE, policy, settings, progress);
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
        return openingRtt;
    }

    @Override
    public boolean finalBlockPassed() {
        return finalAck != null;
    }

    @Override
    public Reaction start(long now) {
        lastHeard = now;
        openingTimer.start(now);
        openingSample.sent(now, true);
        deadline = now + openingTimer.timeoutNanos();
        return new Reaction.Continue(List.of(opening), deadline);
    }

    @Override
    public Reaction onPacket(Packet packet, long now) {
        return switch (state) {
            case OPENING, RECEIVING -> receiving(packet, now);
            case DALLYING -> dallying(packet, now);
            case FAILED -> new Reaction.Continue(List.of(), deadline);
        };
    }

    private Reaction receiving(Packet packet, long now) {
        return switch (packet) {
            case FlowData data -> data(data, now);
            case OptionAck oack when state == State.OPENING && opening instanceof FlowAck -> {
                // The server did not get our answer to its OACK and repeats it: answer again.
                counters.duplicates++;
                counters.retransmissions++;
                lastHeard = now;
                yield new Reaction.Continue(List.of(opening), deadline);
            }
            case OptionAck oack -> ignored();
            case ErrorPacket error -> remoteError(error);
            case netdisk.udp.packet.Ack ack -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected ACK while receiving in flow mode");
            case FlowAck ack -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected FLOW_ACK while receiving");
            // Before the final block nothing can be done: a damaged or confused peer; our timers go on.
            case netdisk.udp.packet.FlowDone done -> ignored();
            case netdisk.udp.packet.Data data -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected DATA in flow mode");
            case netdisk.udp.packet.Request request -> fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION,
                    "unexpected " + request.opcode() + " during a transfer");
        };
    }

    private Reaction data(FlowData data, long now) {
        if (state == State.OPENING) {
            state = State.RECEIVING;
            // The first datagram answers our opening: a round trip (plus the sender's start-up),
            // and the only one a receiver can measure. Sizes the dally.
            openingSample.answered(now);
            try {
                sink.begin(parameters, acknowledged);
            } catch (IOException e) {
                return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.DISK_FULL, "cannot write: " + e.getMessage());
            }
            startBytes = sink.bytesReceived();
        }
        lastHeard = now;
        idleAckInterval = FIRST_IDLE_ACK_NANOS;
        if (data.length() > blockSize) {
            return fail(TransferFailure.Kind.PROTOCOL, ErrorCode.ILLEGAL_OPERATION, "FLOW_DATA " + data.block()
                    + " carries " + data.length() + " bytes, more than the block size " + blockSize);
        }
        if (data.sequence() > largestSequence) {
            largestSequence = data.sequence();
            largestArrival = now;
        }
        long block = data.block();
        sinceAck++;
        if (block <= cumulative || held.contains(block)) {
            // A block we hold: the sender has not heard our ACKs (it probes, or they were lost).
            counters.duplicates++;
            return acknowledgeNow(now);
        }
        if (block > cumulative + window || (finalBlock >= 0 && block > finalBlock)) {
            counters.ignored++;
            return waiting();
        }
        boolean isShort = data.length() < blockSize;
        if (isShort || (finalBlock >= 0 && block == finalBlock)) {
            if (!plausibleEnd(block, data.length())) {
                counters.ignored++; // a truncated datagram, most likely: the real block comes again
                return waiting();
            }
            finalBlock = block;
        }
        boolean newGap = block > highestSeen + 1;
        highestSeen = Math.max(highestSeen, block);
        try {
            if (block == cumulative + 1) {
                deliver(data.payload());
                deliverHeldRun();
            } else {
                held.add(block);
                // The codec gave this datagram a payload array of its own: keep it, no copy.
                slots[slot(block)] = data.payload();
            }
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.DISK_FULL, "cannot write: " + e.getMessage());
        }
        counters.blocks = cumulative;
        counters.bytes = sink.bytesReceived();
        progress.onProgress(sink.bytesReceived(), parameters.transferSize());
        if (finalBlock >= 0 && cumulative == finalBlock) {
            return finish(now);
        }
        if (newGap || sinceAck >= ACK_EVERY) {
            return acknowledgeNow(now);
        }
        if (ackDue == Long.MAX_VALUE) {
            ackDue = now + MAX_ACK_DELAY_NANOS;
        }
        return waiting(now);
    }

    /**
     * Whether a short block (or the known final one) at {@code block} can end the data: with a
     * known size it must end exactly there; without one, it must not contradict a block seen.
     */
    private boolean plausibleEnd(long block, int length) {
        if (length >= blockSize) {
            return false; // the final block was short before; a full one there now is damage
        }
        long total = parameters.transferSize();
        if (total >= 0) {
            return startBytes + (block - 1) * blockSize + length == total;
        }
        return block >= highestSeen && (finalBlock < 0 || finalBlock == block);
    }

    private void deliver(ByteBuffer payload) throws IOException {
        sink.write(payload);
        cumulative++;
    }

    private void deliverHeldRun() throws IOException {
        long last = held.takeRunFrom(cumulative + 1);
        for (long b = cumulative + 1; b <= last; b++) {
            int i = slot(b);
            ByteBuffer payload = slots[i];
            slots[i] = null;
            deliver(payload);
        }
    }

    private int slot(long block) {
        return (int) (block % window);
    }

    private Reaction finish(long now) {
        try {
            sink.complete();
        } catch (IOException e) {
            return fail(TransferFailure.Kind.LOCAL_IO, ErrorCode.DISK_FULL, "cannot store the file: " + e.getMessage());
        }
        state = State.DALLYING;
        // Every block took one sequence number the first time it was sent: the sequences beyond
        // the block count are what the sender sent again (up to the newest we saw).
        counters.peerResent = Math.max(0, largestSequence - finalBlock);
        finalAck = ack(now);
        lastAckSent = now;
        deadline = now + dallyNanos();
        return new Reaction.Finished(List.of(finalAck), deadline);
    }

    private long dallyNanos() {
        // Without a round trip measured at the opening (Karn: a resent OACK gives none), the
        // opening timeout, which is already one backed off, stands for the whole probe unit.
        long probeUnit = openingRtt > 0 ? 3 * openingRtt : openingTimer.timeoutNanos();
        return dallyNanos(probeUnit, settings);
    }

    /** The dally after the final FLOW_ACK when the sender's probe timeout is about {@code probeUnitNanos}. */
    static long dallyNanos(long probeUnitNanos, FlowSettings settings) {
        long probeUnit = Math.max(RetransmitTimer.COMMIT_ALLOWANCE_NANOS, probeUnitNanos);
        return Math.min(Math.min(settings.giveUp().toNanos(), MAX_DALLY_NANOS), DALLY_PROBE_UNITS * probeUnit);
    }

    private Reaction dallying(Packet packet, long now) {
        if (packet instanceof FlowData) {
            // Our final ACK was lost and the sender probes: answer, and stay for its next try too.
            counters.duplicates++;
            counters.retransmissions++;
            deadline = Math.max(deadline, now + Math.max(dallyNanos(), 3 * (now - lastAckSent)));
            lastAckSent = now;
            return new Reaction.Finished(List.of(finalAck), deadline);
        }
        if (packet instanceof netdisk.udp.packet.FlowDone done && done.finalBlock() == finalBlock) {
            // The sender has our final ACK: nobody will probe again, the dally is over.
            deadline = now;
            return new Reaction.Finished(List.of(), now);
        }
        counters.ignored++;
        return new Reaction.Finished(List.of(), deadline);
    }

    @Override
    public Reaction onTimeout(long now) {
        switch (state) {
            case OPENING -> {
                counters.timeouts++;
                Optional<String> giveUp = openingTimer.onTimeout(now);
                if (giveUp.isPresent()) {
                    return fail(TransferFailure.Kind.TIMEOUT, ErrorCode.NOT_DEFINED, giveUp.get());
                }
                counters.retransmissions++;
                openingSample.sent(now, false); // an answer now may be to either copy (Karn)
                deadline = now + openingTimer.timeoutNanos();
                return new Reaction.Continue(List.of(opening), deadline);
            }
            case DALLYING, FAILED -> {
                return new Reaction.Continue(List.of(), deadline);
            }
            case RECEIVING -> { }
        }
        if (now - lastHeard >= settings.giveUp().toNanos()) {
            return fail(TransferFailure.Kind.TIMEOUT, ErrorCode.NOT_DEFINED,
                    "no data for " + settings.giveUp().toSeconds() + " s");
        }
        if (now - ackDue >= 0) {
            return acknowledgeNow(now);
        }
        if (now - (lastAckSent + idleAckInterval) >= 0) {
            counters.timeouts++;
            counters.retransmissions++;
            idleAckInterval = Math.min(MAX_IDLE_ACK_NANOS, idleAckInterval * 2);
            return acknowledgeNow(now);
        }
        return waiting(now);
    }

    private Reaction acknowledgeNow(long now) {
        FlowAck ack = ack(now);
        sinceAck = 0;
        ackDue = Long.MAX_VALUE;
        lastAckSent = now;
        deadline = nextDeadline(now);
        return new Reaction.Continue(List.of(ack), deadline);
    }

    private FlowAck ack(long now) {
        long delayMicros = largestSequence == 0 ? 0 : Math.max(0, (now - largestArrival) / 1_000);
        return new FlowAck(largestSequence, (int) Math.min(Integer.MAX_VALUE, delayMicros), cumulative, window,
                held.highestRanges(FlowAck.MAX_RANGES));
    }

    private long nextDeadline(long now) {
        long next = Math.min(ackDue, lastAckSent + idleAckInterval);
        next = Math.min(next, lastHeard + settings.giveUp().toNanos());
        return Math.max(next, now);
    }

    private Reaction waiting(long now) {
        deadline = nextDeadline(now);
        return new Reaction.Continue(List.of(), deadline);
    }

    private Reaction waiting() {
        return new Reaction.Continue(List.of(), deadline);
    }

    private Reaction ignored() {
        counters.ignored++;
        return waiting();
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
