package netdisk.udp.transfer;

import static netdisk.udp.TestData.randomBytes;
import static netdisk.udp.transfer.TransferScenariosTest.assertDelivered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.blocks.ByteArrayBlockSource;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.flow.FlowMode;
import netdisk.udp.flow.FlowSettings;
import netdisk.udp.options.OptionNegotiationException;
import netdisk.udp.options.ServerLimits;
import netdisk.udp.options.ServerNegotiation;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.TftpOption;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.packet.WriteRequest;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.retransmit.RetransmitTimer;
import netdisk.udp.transfer.TransferScenariosTest.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flow mode (spec/protocol.md 16) between the two machines over the seeded simulated network:
 * every byte delivered whatever the loss, and nothing resent for nothing.
 */
class FlowScenariosTest {

    private static final long MINUTE = 60_000_000_000L;
    private static final RetransmitPolicy POLICY = RetransmitPolicy.DEFAULT;
    private static final TransferOptions FLOW = TransferOptions.defaults().withFlowMode(true);

    /** What TftpServer does with a request that asks for flow mode, minus the sockets. */
    static Function<Request, TransferMachine> flowServer(byte[] served, ByteArrayBlockSink uploads) {
        return request -> {
            try {
                assertThat(FlowMode.asked(request)).as("the client asked for flow mode").isTrue();
                List<TftpOption> granted = new ArrayList<>();
                if (request instanceof ReadRequest) {
                    ByteArrayBlockSource source = new ByteArrayBlockSource(served);
                    var result = ServerNegotiation.negotiate(request, ServerLimits.DEFAULT, source.size());
                    granted.addAll(result.acknowledged().asList());
                    granted.add(FlowMode.request());
                    return FlowSender.answeringRead(source, new OptionAck(TftpOptions.of(granted)), result.parameters(),
                            POLICY, FlowSettings.DEFAULT, null);
                }
                var result = ServerNegotiation.negotiate(request, ServerLimits.DEFAULT, -1);
                granted.addAll(result.acknowledged().asList());
                granted.add(FlowMode.request());
                return FlowReceiver.answeringWrite(uploads, new OptionAck(TftpOptions.of(granted)), result.parameters(),
                        POLICY, FlowSettings.DEFAULT, null);
            } catch (OptionNegotiationException e) {
                throw new AssertionError(e);
            }
        };
    }

    static Outcome download(byte[] file, SimulatedTransfer.Network network, long seed,
            Function<Request, TransferMachine> server, boolean expectFlow) {
        SimulatedTransfer sim = new SimulatedTransfer(seed, network).withoutRecording();
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        ReadRequest rrq = new ReadRequest("file", TransferMode.OCTET, FLOW.requestOptions(0));
        FlowUpgrade client = FlowUpgrade.reading(sink, rrq, POLICY, FlowSettings.DEFAULT, null);
        var result = sim.run(client, server, 10 * MINUTE);
        assertThat(client.flowMode()).as("flow mode in force").isEqualTo(expectFlow);
        return new Outcome(result, sink.isCompleted() ? sink.bytes() : null, sim);
    }

    static Outcome download(byte[] file, SimulatedTransfer.Network network, long seed) {
        return download(file, network, seed, flowServer(file, null), true);
    }

    static Outcome upload(byte[] file, SimulatedTransfer.Network network, long seed) {
        ByteArrayBlockSink uploads = new ByteArrayBlockSink();
        SimulatedTransfer sim = new SimulatedTransfer(seed, network).withoutRecording();
        WriteRequest wrq = new WriteRequest("file", TransferMode.OCTET, FLOW.requestOptions(file.length));
        FlowUpgrade client = FlowUpgrade.writing(new ByteArrayBlockSource(file), wrq, POLICY, FlowSettings.DEFAULT, null);
        var result = sim.run(client, flowServer(null, uploads), 10 * MINUTE);
        assertThat(client.flowMode()).as("flow mode in force").isTrue();
        return new Outcome(result, uploads.isCompleted() ? uploads.bytes() : null, sim);
    }

    /** A flow download over {@code sim}, with the sender kept to look at afterwards. */
    private static Outcome downloadOver(SimulatedTransfer sim, byte[] file) {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        ReadRequest rrq = new ReadRequest("file", TransferMode.OCTET, FLOW.requestOptions(0));
        FlowUpgrade client = FlowUpgrade.reading(sink, rrq, POLICY, FlowSettings.DEFAULT, null);
        var result = sim.run(client, flowServer(file, null), 10 * MINUTE);
        return new Outcome(result, sink.isCompleted() ? sink.bytes() : null, sim);
    }

    @Test
    void onALongPathOnePercentLossCostsLittleMoreThanNoLoss() {
        // 50 ms round trip at 125 MB/s: a lost block is repaired about 75 ms after it left, and
        // what was sent meanwhile must fit the receiver's window. With an 8 MiB window the 1 %
        // run took 1.30x the lossless one (the window stalled on holes); with 16 MiB, 1.10x.
        byte[] file = randomBytes(32 << 20, 78);
        var clean = SimulatedTransfer.Network.gigabit(0).withLatency(25_000_000);
        var lossy = SimulatedTransfer.Network.gigabit(0.01).withLatency(25_000_000);
        Outcome without = downloadOver(new SimulatedTransfer(2, clean).withoutRecording(), file);
        Outcome with = downloadOver(new SimulatedTransfer(2, lossy).withoutRecording(), file);
        assertDelivered(without, file);
        assertDelivered(with, file);
        double ratio = (double) with.result().virtualNanos() / without.result().virtualNanos();
        assertThat(ratio).as("1 %% loss against none, %.3f s against %.3f s", with.result().virtualNanos() / 1e9,
                without.result().virtualNanos() / 1e9).isLessThan(1.2);
    }

    @Test
    void aFinalBlockInFlightWaitsAlsoForItsReceiverToStoreTheFile() throws Exception {
        // Five bytes: the only block is the final one, and its receiver forces the file to disk
        // before it acknowledges. A 0.1 ms opening round trip must not make the probe fire at
        // the floor (each small get resent its block three or four times in vain).
        byte[] file = randomBytes(5, 79);
        ReadRequest rrq = new ReadRequest("file", TransferMode.OCTET, FLOW.requestOptions(0));
        FlowSender sender = (FlowSender) flowServer(file, null).apply(rrq);
        long t0 = 1_000_000_000L;
        sender.start(t0);
        Reaction reaction = sender.onPacket(new Ack(0), t0 + 100_000);
        Reaction.Continue sent = (Reaction.Continue) reaction;
        assertThat(sent.send()).hasSize(1);
        assertThat(sent.deadline() - (t0 + 100_000)).isGreaterThanOrEqualTo(
                RetransmitTimer.COMMIT_ALLOWANCE_NANOS);
    }

    @Test
    void theSendersFlowDoneEndsTheReceiversDallyAtOnce() {
        // A 50 ms round trip: the dally outlasts the sender's probes (63 x 150 ms, capped at 4 s),
        // unless FLOW_DONE says it is over.
        byte[] file = randomBytes(300_000, 77);
        var path = SimulatedTransfer.Network.gigabit(0).withLatency(25_000_000);
        var told = new SimulatedTransfer(1, path);
        Outcome quick = downloadOver(told, file);
        var notTold = new SimulatedTransfer(1, path, (toServer, p, n) -> p instanceof netdisk.udp.packet.FlowDone);
        Outcome dallied = downloadOver(notTold, file);
        assertDelivered(quick, file);
        assertDelivered(dallied, file);
        assertThat(told.sentToClient().stream().filter(p -> p instanceof netdisk.udp.packet.FlowDone))
                .containsExactly(new netdisk.udp.packet.FlowDone((file.length / 1428) + 1));
        long saved = dallied.result().virtualNanos() - quick.result().virtualNanos();
        // Without it the receiver stays the whole dally after its final FLOW_ACK; with it, until
        // the FLOW_DONE arrives one round trip later.
        long dally = FlowReceiver.dallyNanos(3 * 50_000_000L, FlowSettings.DEFAULT);
        assertThat(dally).isEqualTo(FlowReceiver.MAX_DALLY_NANOS);
        assertThat(FlowReceiver.dallyNanos(0, FlowSettings.DEFAULT)).as("on a LAN").isEqualTo(63 * 50_000_000L);
        assertThat(saved).isBetween(dally - 50_000_000L - 5_000_000L, dally - 50_000_000L + 5_000_000L);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, 1", "2, 1", "1, 3", "3, 2"})
    void anUploadWhoseFinalAckAndProbesAreLostEndsWellForTheSenderToo(int finalAcksLost, int probesLost) {
        // Found on the kernel-link lab: one flow put in three at 10 % loss each way failed with
        // "no answer for 30 s" although the server had stored the whole file. Its final FLOW_ACK
        // was lost, and its dally (50 ms on a LAN) was over before the sender's probes (50 ms
        // after its last send, then 100, 200 ... apart) got an answer through; the sender then
        // probed a closed port until it gave up.
        byte[] file = randomBytes(100_000, 80);
        long finalBlock = file.length / 1428 + 1;
        ByteArrayBlockSink uploads = new ByteArrayBlockSink();
        var sim = new SimulatedTransfer(3, SimulatedTransfer.Network.gigabit(0), (toServer, p, n) ->
                toServer
                        // On a clean path every send after the first of each block is a probe.
                        ? p instanceof netdisk.udp.packet.FlowData data && data.sequence() > finalBlock
                                && countProbes() <= probesLost
                        : p instanceof netdisk.udp.packet.FlowAck ack && ack.cumulative() == finalBlock
                                && countFinalAcks() <= finalAcksLost);
        WriteRequest wrq = new WriteRequest("file", TransferMode.OCTET, FLOW.requestOptions(file.length));
        FlowUpgrade client = FlowUpgrade.writing(new ByteArrayBlockSource(file), wrq, POLICY, FlowSettings.DEFAULT, null);
        var result = sim.run(client, flowServer(null, uploads), 10 * MINUTE);
        assertDelivered(new Outcome(result, uploads.isCompleted() ? uploads.bytes() : null, sim), file);
        assertThat(result.virtualNanos()).as("ended by the final ACK, not by giving up")
                .isLessThan(FlowSettings.DEFAULT.giveUp().toNanos() / 2);
    }

    private int finalAcksSeen;

    private int countFinalAcks() {
        return ++finalAcksSeen;
    }

    private int probesSeen;

    private int countProbes() {
        return ++probesSeen;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1427, 1428, 1429, 32 * 1428, 32 * 1428 + 1, 1_000_000})
    void downloadOfEverySizeIsByteExactAndResendsNothingOnACleanNetwork(int size) {
        byte[] file = randomBytes(size, size);
        Outcome outcome = download(file, SimulatedTransfer.Network.perfect(), 1);
        assertDelivered(outcome, file);
        assertThat(outcome.result().serverCounters().retransmissions).isZero();
        assertThat(outcome.result().serverCounters().lost).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1428, 1429, 1_000_000})
    void uploadOfEverySizeIsByteExactAndResendsNothingOnACleanNetwork(int size) {
        byte[] file = randomBytes(size, size + 3);
        Outcome outcome = upload(file, SimulatedTransfer.Network.perfect(), 2);
        assertDelivered(outcome, file);
        assertThat(outcome.result().clientCounters().retransmissions).isZero();
    }

    /** The loss the RFC engine gave up at on a kernel link (issue 9), and beyond it. */
    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.05, 0.10, 0.20, 0.30})
    void downloadSurvivesLossEachWayAndResendsOnlyWhatWasLost(double loss) {
        byte[] file = randomBytes(2_000_000, 77);
        Outcome outcome = download(file, SimulatedTransfer.Network.lossy(loss), 11);
        assertDelivered(outcome, file);
        TransferCounters sender = outcome.result().serverCounters();
        long dropped = outcome.simulation().lostTo(false);
        assertThat(dropped).as("the network really lost data").isPositive();
        // Nothing resent for nothing: at most 1.2 x what the network dropped, plus what the
        // packet threshold costs before the first spurious loss is seen. The simulation sends a
        // burst at one instant and its jitter shuffles it, which a real link's serialisation
        // rarely does; once a late block shows the path reorders, loss is judged by time alone.
        // Measured: 16-20 such retransmissions at every loss rate.
        assertThat(sender.retransmissions).as("resent against %d dropped: %s", dropped, sender.snapshot(0, -1))
                .isLessThanOrEqualTo((long) (dropped * 1.2) + 30);
        assertThat(sender.spurious).as("spurious losses seen").isLessThanOrEqualTo(sender.lost);
        // The receiver tells the user what the sender resent, from the sequence numbers: all of
        // it but the probes that may follow a lost final FLOW_ACK.
        assertThat(outcome.result().clientCounters().peerResent)
                .isBetween(sender.retransmissions - 10, sender.retransmissions);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.20})
    void uploadSurvivesLossEachWay(double loss) {
        byte[] file = randomBytes(2_000_000, 78);
        Outcome outcome = upload(file, SimulatedTransfer.Network.lossy(loss), 12);
        assertDelivered(outcome, file);
        assertThat(outcome.result().clientCounters().lost).isPositive();
    }

    @Test
    void duplicatedAndReorderedDatagramsDoNotCorruptOrStall() {
        byte[] file = randomBytes(1_500_000, 79);
        Outcome outcome = download(file, SimulatedTransfer.Network.hostile(0.05, 0.10, 0.10), 13);
        assertDelivered(outcome, file);
        assertThat(outcome.result().clientCounters().duplicates).isPositive();
    }

    @Test
    void aServerThatIgnoresTheOptionGetsAPlainRfc7440Transfer() {
        byte[] file = randomBytes(300_000, 80);
        // The RFC server of TransferScenariosTest: netdisk-flow is an unknown option to it.
        Outcome outcome = download(file, SimulatedTransfer.Network.lossy(0.02), 14,
                TransferScenariosTest.server(file, null, ServerLimits.DEFAULT), false);
        assertDelivered(outcome, file);
        assertThat(outcome.result().serverCounters().lost).as("the RFC sender counts no flow losses").isZero();
    }
}
