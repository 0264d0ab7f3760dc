package netdisk.udp.transfer;

import java.util.Optional;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.flow.FlowMode;
import netdisk.udp.flow.FlowSettings;
import netdisk.udp.options.ClientNegotiation;
import netdisk.udp.options.OptionNegotiationException;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.FlowData;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.WriteRequest;
import netdisk.udp.retransmit.RetransmitPolicy;

/**
 * A client's machine: the RFC one ({@link Receiver} or {@link Sender}) until the server's first
 * reply, which decides. An OACK that grants {@code netdisk-flow} hands the transfer to a {@link
 * FlowReceiver} or {@link FlowSender}; any other reply (an OACK without it, DATA 1, ACK 0, an
 * ERROR) leaves the RFC machine in charge for the whole transfer, exactly as if flow mode had
 * never been asked for. A stock server thus sees a plain RFC 2347 client.
 */
public final class FlowUpgrade implements TransferMachine {

    private final Receiver classicReceiver;
    private final Sender classicSender;
    private final BlockSink sink;
    private final BlockSource source;
    private final TftpOptions asked;
    private final RetransmitPolicy policy;
    private final FlowSettings settings;
    private final ProgressListener progress;

    private TransferMachine current;
    private boolean decided;
    private OptionAck grant;
    private TransferParameters flowParameters;

    private FlowUpgrade(Receiver receiver, Sender sender, BlockSink sink, BlockSource source, TftpOptions asked,
            RetransmitPolicy policy, FlowSettings settings, ProgressListener progress) {
        this.classicReceiver = receiver;
        this.classicSender = sender;
        this.sink = sink;
        this.source = source;
        this.asked = asked;
        this.policy = policy;
        this.settings = settings;
        this.progress = progress;
        this.current = receiver != null ? receiver : sender;
        // Without the option in the request there is nothing to decide.
        this.decided = !FlowMode.granted(asked);
    }

    public static FlowUpgrade reading(BlockSink sink, ReadRequest request, RetransmitPolicy policy,
            FlowSettings settings, ProgressListener progress) {
        return new FlowUpgrade(Receiver.reading(sink, request, policy, progress), null, sink, null,
                request.options(), policy, settings, progress);
    }

    public static FlowUpgrade writing(BlockSource source, WriteRequest request, RetransmitPolicy policy,
            FlowSettings settings, ProgressListener progress) {
        return new FlowUpgrade(null, Sender.writing(source, request, policy, progress), null, source,
                request.options(), policy, settings, progress);
    }

    /** Whether the server granted flow mode. */
    public boolean flowMode() {
        return grant != null;
    }

    /** The parameters in force. */
    public TransferParameters parameters() {
        if (grant != null) {
            return flowParameters;
        }
        return classicReceiver != null ? classicReceiver.parameters() : classicSender.parameters();
    }

    /** The options of the server's OACK (empty without one): extensions are read here. */
    public TftpOptions acknowledgedOptions() {
        if (grant != null) {
            return grant.options();
        }
        if (classicReceiver != null) {
            OptionAck oack = classicReceiver.acceptedOack();
            return oack == null ? TftpOptions.NONE : oack.options();
        }
        return classicSender.acceptedOptions();
    }

    @Override
    public Reaction start(long now) {
        return current.start(now);
    }

    @Override
    public Reaction onPacket(Packet packet, long now) {
        if (!decided) {
            decided = true;
            if (packet instanceof OptionAck oack && FlowMode.granted(oack)) {
                return upgrade(oack, now);
            }
        }
        return current.onPacket(packet, now);
    }

    private Reaction upgrade(OptionAck oack, long now) {
        TransferParameters parameters;
        try {
            parameters = ClientNegotiation.accept(asked, oack);
            if (parameters.blockSize() > FlowData.MAX_PAYLOAD) {
                throw new OptionNegotiationException("server granted blksize " + parameters.blockSize()
                        + " with netdisk-flow, above its largest block " + FlowData.MAX_PAYLOAD);
            }
        } catch (OptionNegotiationException e) {
            // The RFC machine refuses it with ERROR 8, as any unacceptable OACK.
            return current.onPacket(oack, now);
        }
        grant = oack;
        flowParameters = parameters;
        TransferCounters before = current.counters();
        current = classicReceiver != null
                ? FlowReceiver.afterReadGranted(sink, oack, parameters, policy, settings, progress)
                : FlowSender.afterWriteGranted(source, oack, parameters, policy, settings, progress);
        current.counters().retransmissions += before.retransmissions;
        current.counters().timeouts += before.timeouts;
        return current.start(now);
    }

    @Override
    public Optional<Reaction> onMalformedOptionAck(MalformedPacketException problem, long now) {
        decided = true;
        return current.onMalformedOptionAck(problem, now);
    }

    @Override
    public Reaction onTimeout(long now) {
        return current.onTimeout(now);
    }

    @Override
    public TransferCounters counters() {
        return current.counters();
    }

    @Override
    public long smoothedRttNanos() {
        return current.smoothedRttNanos();
    }

    @Override
    public boolean finalBlockPassed() {
        return current.finalBlockPassed();
    }
}
