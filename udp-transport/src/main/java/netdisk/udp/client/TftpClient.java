package netdisk.udp.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSinks;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.blocks.BlockSources;
import netdisk.udp.flow.FlowSettings;
import netdisk.udp.io.BackgroundDallies;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.io.TransferLoop;
import netdisk.udp.io.TransferOutcome;
import netdisk.udp.io.TransferSession;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.WriteRequest;
import netdisk.udp.transfer.FlowUpgrade;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferMachine;

/**
 * A TFTP client for any RFC 1350 server.
 *
 * <p>Each request uses a fresh port. When the server answers a request's options with ERROR 8
 * (RFC 2347 §4: it refuses them), the request is sent once more without options; when it answers
 * with DATA 1 or ACK 0 instead of an OACK (it ignores them), the transfer simply goes on with the
 * RFC 1350 defaults.
 */
public final class TftpClient {

    private final DatagramPortFactory ports;
    private final BooleanSupplier cancelled;

    public TftpClient() {
        this(DatagramPortFactory.udp(), () -> false);
    }

    /** @param cancelled polled during transfers: true ends them (the server gets ERROR 0) */
    public TftpClient(DatagramPortFactory ports, BooleanSupplier cancelled) {
        this.ports = ports;
        this.cancelled = cancelled;
    }

    /** Downloads {@code remoteName} into {@code local}, replacing it only once complete. */
    public TransferResult get(InetSocketAddress server, String remoteName, Path local, TransferOptions options)
            throws IOException {
        try (BlockSink sink = BlockSinks.forFile(local, options.mode())) {
            return get(server, remoteName, sink, options);
        }
    }

    /** Downloads {@code remoteName} into {@code sink}; the sink is completed on success, aborted on failure. */
    public TransferResult get(InetSocketAddress server, String remoteName, BlockSink sink, TransferOptions options)
            throws IOException {
        TftpOptions asked = options.requestOptions(0);
        RetryableSink firstAttempt = new RetryableSink(sink);
        try {
            return read(server, new ReadRequest(remoteName, options.mode(), asked), firstAttempt, options, false);
        } catch (TftpException e) {
            if (!refusedOptions(e, asked, sink.bytesReceived())) {
                firstAttempt.abortIfAsked();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            firstAttempt.abortIfAsked();
            throw e;
        }
        // The failed attempt did not abort the sink (RetryableSink), so the retry can use it.
        return read(server, new ReadRequest(remoteName, options.mode()), sink, options, true);
    }

    /** Uploads {@code local} as {@code remoteName}. */
    public TransferResult put(InetSocketAddress server, Path local, String remoteName, TransferOptions options)
            throws IOException {
        if (!Files.isRegularFile(local)) {
            throw new java.nio.file.NoSuchFileException(local.toString(), null, "not a regular file");
        }
        try (BlockSource source = BlockSources.forFile(local, options.mode(), 0)) {
            return put(server, source, remoteName, options);
        }
    }

    /** Uploads what {@code source} holds as {@code remoteName}. */
    public TransferResult put(InetSocketAddress server, BlockSource source, String remoteName, TransferOptions options)
            throws IOException {
        TftpOptions asked = options.requestOptions(source.size());
        try {
            return write(server, new WriteRequest(remoteName, options.mode(), asked), source, options, false);
        } catch (TftpException e) {
            if (!refusedOptions(e, asked, e.statistics().bytes())) {
                throw e;
            }
            return write(server, new WriteRequest(remoteName, options.mode()), source, options, true);
        }
    }

    private TransferResult read(InetSocketAddress server, ReadRequest request, BlockSink sink, TransferOptions options,
            boolean fellBack) throws IOException {
        FlowUpgrade receiver = FlowUpgrade.reading(sink, request, options.effectiveRetransmit(), flowSettings(options),
                options.progress());
        TransferOutcome outcome = run(server, receiver);
        if (!outcome.succeeded()) {
            throw new TftpException(outcome.failure(), outcome.statistics());
        }
        return new TransferResult(receiver.parameters(), receiver.acknowledgedOptions(), fellBack,
                outcome.statistics());
    }

    private TransferResult write(InetSocketAddress server, WriteRequest request, BlockSource source,
            TransferOptions options, boolean fellBack) throws IOException {
        FlowUpgrade sender = FlowUpgrade.writing(source, request, options.effectiveRetransmit(), flowSettings(options),
                options.progress());
        TransferOutcome outcome = run(server, sender);
        if (!outcome.succeeded()) {
            throw new TftpException(outcome.failure(), outcome.statistics());
        }
        return new TransferResult(sender.parameters(), sender.acknowledgedOptions(), fellBack, outcome.statistics());
    }

    /** Flow mode gives up after the same silence as the RFC engine. */
    private static FlowSettings flowSettings(TransferOptions options) {
        return FlowSettings.DEFAULT.withGiveUp(options.retransmit().giveUp());
    }

    private TransferOutcome run(InetSocketAddress server, TransferMachine machine) throws IOException {
        InetAddress any = server.getAddress() instanceof java.net.Inet6Address
                ? InetAddress.getByName("::")
                : InetAddress.getByName("0.0.0.0");
        DatagramPort port = ports.open(new InetSocketAddress(any, 0));
        TransferSession session;
        try {
            session = TransferSession.againstServer(port, machine, server, System::nanoTime);
            new TransferLoop(port, System::nanoTime, cancelled).runUntilDallied(session, TftpClient::dallyPatience);
        } catch (RuntimeException | Error e) {
            port.close();
            throw e;
        }
        if (session.ended()) {
            port.close();
        } else {
            // A flow-mode receiver's dally ends when the sender's FLOW_DONE says it has our final ACK.
            BackgroundDallies.start(session, port, System::nanoTime,
                    machine instanceof FlowUpgrade upgrade && upgrade.flowMode());
        }
        return session.outcome();
    }

    /**
     * How long a download waits after its final ACK before it returns: a few round trips, so that
     * a repeat of the final block (our ACK lost; a sender that times by the round trip, as ours
     * does, resends within a few) is still answered at once. The rest of the dally goes on in the
     * background. A fixed 200 ms here was most of a small file's time: a one-block get took
     * 0.2–0.5 s, where a stock client, which does not dally at all, takes milliseconds.
     */
    static long dallyPatience(long smoothedRttNanos) {
        long byRoundTrips = smoothedRttNanos > 0 ? FOREGROUND_DALLY_ROUND_TRIPS * smoothedRttNanos : 0;
        return Math.max(MIN_FOREGROUND_DALLY_NANOS, Math.min(MAX_FOREGROUND_DALLY_NANOS, byRoundTrips));
    }

    private static final int FOREGROUND_DALLY_ROUND_TRIPS = 4;
    private static final long MIN_FOREGROUND_DALLY_NANOS = 2_000_000L;
    private static final long MAX_FOREGROUND_DALLY_NANOS = 50_000_000L;

    /**
     * Whether a failed request should go again without options: the server refused them with
     * ERROR 8, or answered with an OACK we could not accept. Only before any data moved.
     */
    private static boolean refusedOptions(TftpException e, TftpOptions asked, long bytesMoved) {
        TransferFailure f = e.failure();
        boolean serverRefused = f.kind() == TransferFailure.Kind.REMOTE_ERROR
                && f.code() == ErrorCode.OPTION_NEGOTIATION.code();
        boolean weRefused = f.kind() == TransferFailure.Kind.NEGOTIATION;
        return !asked.isEmpty() && bytesMoved == 0 && e.statistics().blocks() == 0 && (serverRefused || weRefused);
    }
}
