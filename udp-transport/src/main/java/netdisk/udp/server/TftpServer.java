package netdisk.udp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.flow.FlowMode;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.TransferLoop;
import netdisk.udp.io.TransferOutcome;
import netdisk.udp.io.TransferReactor;
import netdisk.udp.io.TransferReactors;
import netdisk.udp.io.TransferSession;
import netdisk.udp.options.OptionNegotiationException;
import netdisk.udp.options.ServerLimits;
import netdisk.udp.options.ServerNegotiation;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.FlowData;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Opcode;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.TftpOption;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.transfer.FlowReceiver;
import netdisk.udp.transfer.FlowSender;
import netdisk.udp.transfer.Receiver;
import netdisk.udp.transfer.Sender;
import netdisk.udp.transfer.TransferCounters;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferMachine;

/**
 * A TFTP server: requests arrive on the well-known port; each transfer gets a new port (its TID,
 * RFC 1350 §4), so one slow client holds up nobody. A thread per transfer opens the port and asks
 * the {@link RequestHandler} (which may authenticate and open files: blocking work), then hands
 * the transfer to one of the {@link TransferReactors}, which run the datagrams of many transfers
 * from one selector each, and finishes up when it ends (an upload's sink, the report). With no
 * reactors configured, or on a port no selector can watch, that thread runs the transfer itself.
 *
 * <p>The listener only sorts requests: a request from a client address and port whose transfer
 * is still running is a retransmitted duplicate (starting a second transfer for it would be
 * killed by the client with ERROR 5): while that transfer is unanswered its first reply goes out
 * again, otherwise it is ignored. A new request takes a slot under the {@link TransferBudgets}
 * ({@link TransferSlots}), or gets ERROR 0, or nothing. Everything else — the handler's decision,
 * negotiation, refusals — happens on the transfer's thread and port, as stock servers do, behind
 * an {@link OpeningGuard} until the client answers.
 *
 * <p>In single-port mode ({@link ServerConfig#singlePort()}) a transfer opens no port: it gets a
 * {@link DemuxedPort} that sends from the well-known port and receives what the listener routes to
 * it by the client's address and port ({@link SinglePortDemux}). The listener then sorts every
 * datagram: a request as above; anything else from a client with a transfer goes to that
 * transfer; the rest is answered as a stray at the well-known port always was.
 */
public final class TftpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TftpServer.class.getName());
    private static final long LISTEN_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Repeats of a request kept while its transfer opens its port; more are a flood, not a client. */
    private static final int MAX_EARLY_REPEATS = 8;

    private final ServerConfig config;
    private final DatagramPort listenerPort;
    private final InetSocketAddress localAddress;
    private final Thread listenerThread;
    private final ConcurrentHashMap<InetSocketAddress, RunningTransfer> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final ListenerReplies replies = new ListenerReplies();
    private final TransferSlots<RunningTransfer> slots;
    private final ReachableAddresses reachable = new ReachableAddresses();
    /** Where granted transfers run; null when each runs on its own thread. */
    private final TransferReactors reactors;
    /** Routes datagrams to transfers in single-port mode; null when each transfer has a port. */
    private final SinglePortDemux demux;
    /** Cleared by {@link #close}: requests for new transfers are ignored from then on. */
    private volatile boolean accepting = true;

    private TftpServer(ServerConfig config) throws IOException {
        this.config = config;
        this.slots = new TransferSlots<>(config.budgets());
        this.listenerPort = config.listenerPorts().open(config.bind());
        this.localAddress = listenerPort.localAddress();
        this.demux = config.singlePort() ? new SinglePortDemux(listenerPort) : null;
        try {
            // A demultiplexed port has no socket for a selector to watch: no reactor could run it.
            this.reactors = config.reactors() == 0 || config.singlePort() ? null
                    : TransferReactors.start(config.reactors(), "tftp-reactor-" + localAddress.getPort());
        } catch (IOException | RuntimeException e) {
            listenerPort.close();
            throw e;
        }
        this.listenerThread = Thread.ofPlatform().name("tftp-listener-" + localAddress.getPort()).daemon(true)
                .unstarted(this::listen);
    }

    /** Binds the well-known port and starts answering. */
    public static TftpServer start(ServerConfig config) throws IOException {
        TftpServer server = new TftpServer(config);
        server.listenerThread.start();
        return server;
    }

    /** The bound address of the well-known port (with the real port when bound to 0). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int activeTransfers() {
        return running.size();
    }

    /** Whether every transfer is answered from the well-known port ({@link ServerConfig#singlePort()}). */
    public boolean singlePort() {
        return demux != null;
    }

    private void listen() {
        // Direct: a datagram is read into it without a copy through a temporary buffer of the JDK.
        ByteBuffer buffer = ByteBuffer.allocateDirect(PacketCodec.MAX_PACKET_SIZE + 1);
        ExtensionGroups groups = new ExtensionGroups(config.extension(), listenerPort);
        while (!stopping) {
            groups.maybeJoin(System.nanoTime());
            InetSocketAddress from;
            try {
                from = listenerPort.receive(buffer, LISTEN_SLICE_NANOS);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                LOG.log(Level.WARNING, "receive failed on " + localAddress + ": " + e.getMessage());
                continue;
            }
            if (from != null) {
                sort(buffer, from);
            }
        }
    }

    /**
     * A datagram of the {@link ListenerExtension} (not TFTP): its answer, if any, goes out only
     * when it is no larger than what came.
     */
    private void answerExtension(ByteBuffer datagram, InetSocketAddress from, int received) {
        try {
            ByteBuffer answer = config.extension().answer(datagram.asReadOnlyBuffer(), from, localAddress).orElse(null);
            if (answer != null && answer.remaining() <= received) {
                listenerPort.send(answer, from);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot answer " + from + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the listener extension failed on a datagram from " + from, e);
        }
    }

    /** One datagram that reached the well-known port. */
    private void sort(ByteBuffer buffer, InetSocketAddress from) {
        int received = buffer.remaining();
        if (config.extension().claims(buffer)) {
            answerExtension(buffer, from, received); // never TFTP, whoever sent it
            return;
        }
        boolean request = Opcode.isAt(buffer, Opcode.RRQ) || Opcode.isAt(buffer, Opcode.WRQ);
        if (demux != null && !request && demux.deliver(from, buffer)) {
            return; // single-port mode: the datagram of a running transfer
        }
        Packet packet;
        try {
            packet = PacketCodec.decode(buffer);
        } catch (MalformedPacketException e) {
            // A malformed request from a transfer's client: the transfer counts and ignores it, as
            // it would on a port of its own; an ERROR from here would end it (same source port).
            if (demux != null && demux.deliver(from, buffer)) {
                return;
            }
            if (!Opcode.isAt(buffer, Opcode.ERROR)) {
                reply(from, new ErrorPacket(e.reason().errorCode(), e.getMessage()), received);
            }
            return;
        }
        dispatch(packet, from, received);
    }

    private void dispatch(Packet packet, InetSocketAddress from, int received) {
        switch (packet) {
            case Request request -> accept(request, from, received);
            case ErrorPacket error -> { } // nothing to answer, nothing running here
            // Spec 4.7: it belongs to no transfer here, whatever transfer it was meant for (RFC 1350 §4).
            default -> reply(from, new ErrorPacket(ErrorCode.UNKNOWN_TRANSFER_ID, demux != null
                    ? "unknown transfer ID: no transfer for this address and port"
                    : packet.opcode() + " sent to the request port; transfers use their own port"), received);
        }
    }

    private void accept(Request request, InetSocketAddress client, int received) {
        RunningTransfer current = running.get(client);
        if (current != null && !current.finalBlockPassed) {
            current.requestRepeated(received); // a retransmitted request: its transfer is already answering
            return;
        }
        // Otherwise the client may have everything and moved on (its final ACK and its next
        // request can cross the old transfer's ending): the old transfer finishes on its own, the
        // new request is served. (In single-port mode the old one is superseded: see start.)
        if (!accepting) {
            return; // stopping: a single-port server's listener still serves running transfers
        }
        long now = System.nanoTime();
        boolean proven = reachable.isReachable(client.getAddress(), now);
        RunningTransfer transfer = new RunningTransfer(request, client, received, proven);
        switch (slots.admit(transfer, client.getAddress(), proven, now)) {
            case TransferSlots.Admission.Busy<RunningTransfer> busy ->
                    reply(client, new ErrorPacket(ErrorCode.NOT_DEFINED, busy.message()), received);
            case TransferSlots.Admission.Ignored<RunningTransfer> ignored -> { }
            case TransferSlots.Admission.Admitted<RunningTransfer> admitted -> {
                admitted.dropped().forEach(RunningTransfer::drop);
                start(transfer, received);
            }
        }
    }

    private void start(RunningTransfer transfer, int received) {
        running.put(transfer.client, transfer);
        if (demux != null) {
            // Opened here, on the listener's thread, so that every datagram after this request
            // goes to the new transfer and none before it does.
            // The client's old transfer, if any, is superseded: see RunningTransfer#cancelled.
            transfer.demuxedPort = demux.open(transfer.client);
        }
        try {
            config.transferThreads().newThread(transfer).start();
        } catch (RuntimeException | OutOfMemoryError e) {
            running.remove(transfer.client, transfer);
            slots.release(transfer);
            if (transfer.demuxedPort != null) {
                transfer.demuxedPort.close();
            }
            reply(transfer.client, new ErrorPacket(ErrorCode.NOT_DEFINED, "server busy, try again later"), received);
        }
    }

    /** Answers a datagram of {@code received} bytes from the well-known port, within {@link ListenerReplies}. */
    private void reply(InetSocketAddress to, ErrorPacket error, int received) {
        if (!replies.tryAnswer(System.nanoTime())) {
            return;
        }
        try {
            listenerPort.send(PacketCodec.encode(ListenerReplies.fitted(error, received)), to);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot answer " + to + ": " + e.getMessage());
        }
    }

    /**
     * Stops taking requests, lets running transfers finish for the configured grace period, then
     * cancels the rest (their clients get ERROR 0).
     */
    @Override
    public void close() {
        accepting = false;
        if (demux == null) {
            stopListening();
        } // else the transfers' datagrams still come through the listener: it stops last
        long graceEnd = System.nanoTime() + config.shutdownGrace().toNanos();
        // A dallying transfer is done (its file complete, its final ACK sent) and only waits for
        // a repeat that may never come; a flow-mode one can wait seconds. Cancelled, it ends as
        // the success it is, so the grace is for the others.
        while (running.values().stream().anyMatch(t -> !t.dallying()) && System.nanoTime() - graceEnd < 0) {
            sleepQuietly(10);
        }
        List<RunningTransfer> left = List.copyOf(running.values());
        left.forEach(RunningTransfer::cancel);
        long cancelEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!running.isEmpty() && System.nanoTime() - cancelEnd < 0) {
            sleepQuietly(10);
        }
        if (demux != null) {
            stopListening();
            demux.closeAll(); // what is still running ends as on a closed socket
        }
        if (reactors != null) {
            reactors.close(); // what is still on them ends as on a closed socket
        }
    }

    private void stopListening() {
        stopping = true;
        listenerPort.close();
        joinQuietly(listenerThread, Duration.ofSeconds(2));
    }

    private static void joinQuietly(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One transfer, on its own thread and port. */
    private final class RunningTransfer implements Runnable {
        private final Request request;
        private final InetSocketAddress client;
        private final int requestBytes;
        /** Its address answered a transfer lately: the same answer for its slot and for its opening. */
        private final boolean proven;
        private volatile boolean cancelled;
        /** The final block went out or came in: a request from the client's port now is a new one. */
        private volatile boolean finalBlockPassed;
        /** Set once the port is open; repeats of the request that came before wait in {@link #earlyRepeats}. */
        private OpeningGuard guard;
        private final List<Integer> earlyRepeats = new ArrayList<>(0);
        /** The reactor running it, once handed over: a repeated request must wake it. */
        private TransferReactor.Running onReactor;
        /** Single-port mode: its port, opened by the listener; null until then, and otherwise. */
        private DemuxedPort demuxedPort;
        /** Set when it runs; read by {@link #close} from another thread, as a hint only. */
        private volatile TransferSession session;

        RunningTransfer(Request request, InetSocketAddress client, int requestBytes, boolean proven) {
            this.request = request;
            this.client = client;
            this.requestBytes = requestBytes;
            this.proven = proven;
        }

        void cancel() {
            cancelled = true;
        }

        /**
         * Whether to end now: cancelled by the server, or, in single-port mode, superseded and done
         * with what came for it. Superseded means its client sent a new request from the same
         * address and port after the final block passed, and the new transfer gets the datagrams
         * from then on; those that came before the request (the final ACK, say) are still this
         * one's to read. Then it ends: a dallying transfer as a success, one still waiting for its
         * final ACK as cancelled (its ERROR 0 is not sent: the client would take it for the new
         * transfer's).
         */
        private boolean cancelled() {
            return cancelled || (demuxedPort != null && demuxedPort.supersededAndDrained());
        }

        /** Its slot went to a newcomer while it was still unanswered (see {@link TransferBudgets}). */
        void drop() {
            running.remove(client, this);
            cancelled = true;
        }

        /** The listener saw the request again from the same client port. */
        synchronized void requestRepeated(int bytes) {
            if (guard != null) {
                guard.requestRepeated(bytes);
                if (onReactor != null) {
                    onReactor.poke(); // the owed reply goes out on the reactor's next read
                }
            } else if (earlyRepeats.size() < MAX_EARLY_REPEATS) {
                earlyRepeats.add(bytes);
            }
        }

        private synchronized OpeningGuard guard(DatagramPort port) {
            guard = new OpeningGuard(port, client, requestBytes, !proven, this::answered);
            earlyRepeats.forEach(guard::requestRepeated);
            earlyRepeats.clear();
            return guard;
        }

        /** Whether it is dallying: done, and answering only repeats of its end. */
        boolean dallying() {
            TransferSession current = session;
            return current != null && current.dallying();
        }

        /** Hands the transfer to a reactor, or runs it here when none can watch the port. */
        private TransferOutcome run(DatagramPort port, TransferSession session) {
            this.session = session;
            if (reactors == null || !TransferReactor.canRun(port)) {
                return new TransferLoop(port, System::nanoTime, this::cancelled).run(session);
            }
            TransferReactor.Running handle = reactors.submit(port, session, this::cancelled);
            synchronized (this) {
                onReactor = handle;
            }
            handle.poke(); // a repeat that came before the handle was known
            return handle.outcome();
        }

        private void answered() {
            slots.answered(this);
            reachable.answered(client.getAddress(), System.nanoTime());
        }

        @Override
        public void run() {
            try (DatagramPort port = guard(demuxedPort != null ? demuxedPort
                    : config.transferPorts().open(new InetSocketAddress(localAddress.getAddress(), 0)))) {
                serve(port);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "transfer for " + client + " ended on a socket failure: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "transfer for " + client + " failed unexpectedly", e);
            } finally {
                running.remove(client, this);
                slots.release(this);
            }
        }

        private void serve(DatagramPort port) throws IOException {
            TransferReport.Direction direction = request instanceof ReadRequest
                    ? TransferReport.Direction.READ
                    : TransferReport.Direction.WRITE;
            BlockSource source = null;
            BlockSink sink = null;
            String label = request.filename();
            TransferOutcome outcome;
            try {
                if (request.mode() == TransferMode.MAIL) {
                    throw new RequestRefusedException(ErrorCode.ILLEGAL_OPERATION, "mail mode is not supported");
                }
                TransferRequest transferRequest = new TransferRequest(request, client);
                TransferMachine machine;
                if (request instanceof ReadRequest) {
                    ReadGrant grant = config.handler().read(transferRequest);
                    source = grant.source();
                    label = grant.label();
                    machine = sender(grant);
                } else {
                    WriteGrant grant = config.handler().write(transferRequest);
                    sink = grant.sink();
                    label = grant.label();
                    machine = receiver(grant);
                }
                outcome = run(port, TransferSession.withPeer(port, machine, client, System::nanoTime)
                        .whenFinalBlockPassed(() -> finalBlockPassed = true));
            } catch (RequestRefusedException e) {
                outcome = endWithError(port, e.code(), e.getMessage(),
                        new TransferFailure(TransferFailure.Kind.REMOTE_ERROR, e.code(), "refused: " + e.getMessage()));
            } catch (RuntimeException e) {
                // A bug, or an unchecked failure in a handler or file below us: the client must
                // hear an ERROR now rather than time out, and an upload's temporary file must go.
                LOG.log(Level.SEVERE, "transfer for " + client + " (" + label + ") failed unexpectedly", e);
                outcome = endWithError(port, ErrorCode.NOT_DEFINED, "internal server error",
                        new TransferFailure(TransferFailure.Kind.LOCAL_IO, ErrorCode.NOT_DEFINED,
                                "internal error: " + e));
            } finally {
                if (source != null) {
                    closeQuietly(source);
                }
            }
            if (sink != null) {
                if (!outcome.succeeded()) {
                    sink.abort();
                }
                sink.close();
            }
            config.listener().transferEnded(new TransferReport(direction, client, label, outcome.failure(),
                    outcome.statistics()));
        }

        /** Sends the client {@code code} and {@code message} and ends this transfer with {@code failure}. */
        /**
         * Tells the client, once, and ends. A send that fails is logged and nothing more: the
         * transfer ends all the same, so that its sink is still aborted (an upload's part file
         * removed) and its report still made (before, the failed send escaped and both were lost).
         */
        private TransferOutcome endWithError(DatagramPort port, ErrorCode code, String message,
                TransferFailure failure) {
            // Not running any more: the client's next request (a client may reuse its port,
            // as tftp-hpa does) must not be taken for a duplicate of this one and ignored.
            running.remove(client, this);
            try {
                port.send(PacketCodec.encode(new ErrorPacket(code, message)), client);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not tell " + client + " that its transfer ended (" + message + "): "
                        + e.getMessage());
            }
            return new TransferOutcome(failure, new TransferCounters().snapshot(0, -1));
        }

        private TransferMachine sender(ReadGrant grant) throws RequestRefusedException {
            boolean flow = flowGranted();
            ServerNegotiation.Result result = negotiate(grant.source().size(), flow);
            TftpOptions extensions = append(grant.extensions(), grant.settle().settle(result.parameters()));
            TftpOptions oack = append(result.acknowledged(), extensions);
            if (flow) {
                return FlowSender.answeringRead(grant.source(), new OptionAck(append(oack, FLOW_GRANTED)),
                        result.parameters(), config.retransmit(), config.flow(), null);
            }
            if (oack.isEmpty()) {
                return Sender.answeringPlainRead(grant.source(), result.parameters(), config.retransmit(), null);
            }
            return Sender.answeringReadWithOack(grant.source(), new OptionAck(oack), result.parameters(),
                    config.retransmit(), null);
        }

        private TransferMachine receiver(WriteGrant grant) throws RequestRefusedException {
            boolean flow = flowGranted();
            ServerNegotiation.Result result = negotiate(-1, flow);
            TftpOptions extensions = append(grant.extensions(), grant.settle().settle(result.parameters()));
            TftpOptions oack = append(result.acknowledged(), extensions);
            if (flow) {
                return FlowReceiver.answeringWrite(grant.sink(), new OptionAck(append(oack, FLOW_GRANTED)),
                        result.parameters(), config.retransmit(), config.flow(), null);
            }
            Packet opening = oack.isEmpty() ? new Ack(0) : new OptionAck(oack);
            return Receiver.answeringWrite(grant.sink(), opening, result.parameters(), config.retransmit(), null);
        }

        /** Flow mode for a netdisk client that asks for it, in octet mode, unless turned off. */
        private boolean flowGranted() {
            return config.flowMode() && FlowMode.asked(request);
        }

        private ServerNegotiation.Result negotiate(long readSize, boolean flow) throws RequestRefusedException {
            ServerLimits limits = config.limits();
            if (flow && limits.maxBlockSize() > FlowData.MAX_PAYLOAD) {
                // A flow datagram's header is longer than DATA's: its largest block is smaller.
                limits = new ServerLimits(FlowData.MAX_PAYLOAD, limits.maxWindowSize());
            }
            try {
                return ServerNegotiation.negotiate(request, limits, readSize);
            } catch (OptionNegotiationException e) {
                throw new RequestRefusedException(ErrorCode.OPTION_NEGOTIATION, e.getMessage());
            }
        }
    }

    private static final TftpOptions FLOW_GRANTED = TftpOptions.of(List.of(FlowMode.request()));

    private static TftpOptions append(TftpOptions first, TftpOptions second) {
        if (second.isEmpty()) {
            return first;
        }
        List<TftpOption> all = new ArrayList<>(first.asList());
        all.addAll(second.asList());
        return TftpOptions.of(all);
    }

    private static void closeQuietly(BlockSource source) {
        try {
            source.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a source failed: " + e.getMessage());
        }
    }
}
