package netdisk.udp.impair;

import static netdisk.udp.impair.Direction.INBOUND;
import static netdisk.udp.impair.Direction.OUTBOUND;
import static netdisk.udp.impair.Wire.ack;
import static netdisk.udp.impair.Wire.data;
import static netdisk.udp.impair.Wire.drain;
import static netdisk.udp.impair.Wire.labels;
import static netdisk.udp.impair.Wire.oack;
import static netdisk.udp.impair.Wire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import netdisk.udp.io.DatagramPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImpairedDatagramPortTest {

    private final InMemoryDatagramNetwork network = new InMemoryDatagramNetwork();
    private final FakeClock clock = new FakeClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closePorts() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private DatagramPort plainPort() throws IOException {
        DatagramPort port = network.bind();
        toClose.add(port);
        return port;
    }

    private ImpairedDatagramPort impairedPort(ImpairmentPlan plan) throws IOException {
        ImpairedDatagramPort port = ImpairedDatagramPort.wrap(network.bind(), plan);
        toClose.add(port);
        return port;
    }

    private ImpairmentPlan plan(long seed) {
        return ImpairmentPlan.seeded(seed).clock(clock::nanos);
    }

    private static byte[][] dataBlocks(int from, int to) {
        byte[][] all = new byte[to - from + 1][];
        for (int b = from; b <= to; b++) {
            all[b - from] = data(b);
        }
        return all;
    }

    // ------------------------------------------------------------ no faults

    @Test
    void passesEverythingThroughUntouchedWithoutFaults() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(ImpairmentPlan.none());

        send(port, peer, data(1), oack(), ack(2));
        send(peer, port, ack(1), data(2, 512));

        assertThat(drain(peer)).containsExactly(data(1), oack(), ack(2));
        assertThat(drain(port)).containsExactly(ack(1), data(2, 512));
        assertThat(port.counts(OUTBOUND)).isEqualTo(new ImpairmentCounts(3, 3, 0, 0, 0, 0, 0, 0, 0));
        assertThat(port.counts(INBOUND)).isEqualTo(new ImpairmentCounts(2, 2, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void probabilityZeroChangesNothing() throws IOException {
        Fault[] never = {
            Fault.drop().probability(0), Fault.duplicate().probability(0), Fault.reorder().probability(0),
            Fault.delay(Duration.ofSeconds(1)).probability(0), Fault.corruptAnywhere().probability(0),
            Fault.truncate().probability(0),
        };
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(42).bothWays(never));
        byte[][] blocks = dataBlocks(1, 200);

        send(port, peer, blocks);
        send(peer, port, blocks);

        assertThat(drain(peer)).containsExactly(blocks);
        assertThat(drain(port)).containsExactly(blocks);
        ImpairmentCounts untouched = new ImpairmentCounts(200, 200, 0, 0, 0, 0, 0, 0, 0);
        assertThat(port.counts(OUTBOUND)).isEqualTo(untouched);
        assertThat(port.counts(INBOUND)).isEqualTo(untouched);
    }

    // ------------------------------------------------------------ determinism

    /** What a seeded plan does to 300 DATA each way: every decision, and the bytes that arrived. */
    private record Run(List<Decision> decisions, List<String> outboundArrived, List<String> inboundArrived) {}

    private Run run(long seed) throws IOException {
        List<Decision> decisions = new ArrayList<>();
        ImpairmentPlan plan = plan(seed)
                .bothWays(Fault.drop().probability(0.2), Fault.duplicate().probability(0.1),
                        Fault.reorder().probability(0.1), Fault.corrupt().probability(0.1),
                        Fault.truncate().probability(0.1))
                .observe(decisions::add);
        InMemoryDatagramNetwork net = new InMemoryDatagramNetwork();
        try (DatagramPort peer = net.bind(); ImpairedDatagramPort port = ImpairedDatagramPort.wrap(net.bind(), plan)) {
            byte[][] blocks = dataBlocks(1, 300);
            send(port, peer, blocks);
            send(peer, port, blocks);
            return new Run(decisions, hex(drain(peer)), hex(drain(port)));
        }
    }

    private static List<String> hex(List<byte[]> datagrams) {
        return datagrams.stream().map(HexFormat.of()::formatHex).toList();
    }

    @Test
    void sameSeedGivesTheSameDecisionsAndTheSameBytes() throws IOException {
        Run first = run(42);
        Run second = run(42);

        assertThat(second).isEqualTo(first);
        assertThat(first.decisions()).hasSize(600);
        assertThat(first.decisions()).anyMatch(Decision::dropped);
        assertThat(first.outboundArrived()).isNotEqualTo(hex(List.of(dataBlocks(1, 300))));
    }

    @Test
    void differentSeedGivesDifferentDecisions() throws IOException {
        assertThat(run(43).decisions()).isNotEqualTo(run(42).decisions());
    }

    @Test
    void addingAFaultDoesNotChangeWhatTheOthersDecide() throws IOException {
        List<Decision> alone = new ArrayList<>();
        List<Decision> withAnother = new ArrayList<>();
        Fault drops = Fault.drop().probability(0.3);
        DatagramPort peer = plainPort();
        ImpairedDatagramPort a = impairedPort(plan(7).outbound(drops).observe(alone::add));
        ImpairedDatagramPort b = impairedPort(plan(7).outbound(drops, Fault.duplicate().probability(0.5)).observe(withAnother::add));

        send(a, peer, dataBlocks(1, 100));
        send(b, peer, dataBlocks(1, 100));

        assertThat(withAnother.stream().map(Decision::dropped).toList())
                .isEqualTo(alone.stream().map(Decision::dropped).toList());
    }

    // ------------------------------------------------------------ drop

    @Test
    void dropsExactlyTheThirdDataOutbound() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(Fault.drop().matching(Match.data().nth(3))));

        for (int block = 1; block <= 6; block++) {
            send(port, peer, data(block), ack(block));
        }

        assertThat(labels(drain(peer))).containsExactly(
                "DATA 1", "ACK 1", "DATA 2", "ACK 2", "ACK 3", "DATA 4", "ACK 4",
                "DATA 5", "ACK 5", "DATA 6", "ACK 6");
        assertThat(port.counts(OUTBOUND).dropped()).isEqualTo(1);
    }

    @Test
    void dropsDataBlock7OnlyTheFirstTwoTimesItIsSeen() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).inbound(Fault.drop().matching(Match.data().block(7).firstTimes(2))));

        send(peer, port, data(6), data(7), data(7), data(8), data(7), data(7));

        assertThat(labels(drain(port))).containsExactly("DATA 6", "DATA 8", "DATA 7", "DATA 7");
        assertThat(port.counts(INBOUND).dropped()).isEqualTo(2);
    }

    @Test
    void dropsOnlyInTheDirectionItWasPlannedFor() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).inbound(Fault.drop()));

        send(port, peer, ack(1));
        send(peer, port, data(2));

        assertThat(labels(drain(peer))).containsExactly("ACK 1");
        assertThat(drain(port)).isEmpty();
    }

    @Test
    void matchesWhatTheCodecRefusesAsMalformed() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).inbound(Fault.drop().matching(Match.malformed())));

        send(peer, port, new byte[] {0, 9, 1, 2}, ack(1), new byte[] {4});

        assertThat(labels(drain(port))).containsExactly("ACK 1");
    }

    @Test
    void dropWinsOverEveryOtherFault() throws IOException {
        List<Decision> decisions = new ArrayList<>();
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1)
                .outbound(Fault.duplicate(), Fault.corrupt(), Fault.drop(), Fault.delay(Duration.ofMillis(5)))
                .observe(decisions::add));

        send(port, peer, data(1));
        clock.advance(Duration.ofSeconds(1));
        send(port, peer, ack(1)); // would release anything held

        assertThat(drain(peer)).isEmpty();
        assertThat(decisions.get(0).effects()).containsExactly(new Effect.Drop());
        assertThat(port.counts(OUTBOUND)).isEqualTo(new ImpairmentCounts(2, 0, 2, 0, 0, 0, 0, 0, 0));
    }

    // ------------------------------------------------------------ duplicate

    @Test
    void duplicatesAck5InboundDeliversItTwice() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).inbound(Fault.duplicate().matching(Match.ack().block(5))));

        for (int block = 1; block <= 6; block++) {
            send(peer, port, ack(block));
        }

        assertThat(labels(drain(port))).containsExactly("ACK 1", "ACK 2", "ACK 3", "ACK 4", "ACK 5", "ACK 5", "ACK 6");
        assertThat(port.counts(INBOUND)).isEqualTo(new ImpairmentCounts(6, 7, 0, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void duplicatesAsManyCopiesAsAsked() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(Fault.duplicate(3).matching(Match.oack())));

        send(port, peer, oack());

        assertThat(drain(peer)).containsExactly(oack(), oack(), oack(), oack());
        assertThat(port.counts(OUTBOUND).duplicated()).isEqualTo(3);
    }

    // ------------------------------------------------------------ reorder

    @Test
    void reorderSwapsADatagramWithTheNextOne() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(Fault.reorder().matching(Match.data().nth(2))));

        send(port, peer, dataBlocks(1, 4));

        assertThat(labels(drain(peer))).containsExactly("DATA 1", "DATA 3", "DATA 2", "DATA 4");
        assertThat(port.counts(OUTBOUND).reordered()).isEqualTo(1);
    }

    @Test
    void reorderAfterThreeReleasesAfterTheThirdLaterDatagram() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).inbound(Fault.reorder(3).matching(Match.data().block(2))));

        send(peer, port, dataBlocks(1, 6));

        assertThat(labels(drain(port))).containsExactly("DATA 1", "DATA 3", "DATA 4", "DATA 5", "DATA 2", "DATA 6");
    }

    @Test
    void reorderedDatagramStaysHeldWhileNothingFollows() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(Fault.reorder().matching(Match.data().nth(1))));

        send(port, peer, data(1));
        clock.advance(Duration.ofSeconds(10));
        port.receive(ByteBuffer.allocate(100), 0);

        assertThat(drain(peer)).isEmpty();
        assertThat(port.counts(OUTBOUND).held()).isEqualTo(1);
    }

    // ------------------------------------------------------------ delay

    @Test
    void delayHoldsAnOutboundDatagramUntilDue() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(
                Fault.delay(Duration.ofMillis(30)).matching(Match.oack().nth(1))));
        ByteBuffer buffer = ByteBuffer.allocate(100);

        send(port, peer, oack());
        assertThat(drain(peer)).isEmpty();

        clock.advance(Duration.ofMillis(29));
        port.receive(buffer, 0);
        assertThat(drain(peer)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        port.receive(buffer, 0);
        assertThat(drain(peer)).containsExactly(oack());
        assertThat(port.counts(OUTBOUND)).isEqualTo(new ImpairmentCounts(1, 1, 0, 0, 0, 1, 0, 0, 0));
    }

    @Test
    void delayedOutboundDatagramGoesOutBeforeTheSendThatFindsItDue() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(
                Fault.delay(Duration.ofMillis(30)).matching(Match.data().nth(1))));

        send(port, peer, data(1));
        send(port, peer, data(2)); // overtakes DATA 1
        clock.advance(Duration.ofMillis(30));
        send(port, peer, data(3));

        assertThat(labels(drain(peer))).containsExactly("DATA 2", "DATA 1", "DATA 3");
    }

    @Test
    void delayHoldsAnInboundDatagramUntilDue() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).inbound(Fault.delay(Duration.ofMillis(30)).matching(Match.ack())));
        ByteBuffer buffer = ByteBuffer.allocate(100);

        send(peer, port, ack(1));
        assertThat(port.receive(buffer, 0)).isNull();
        assertThat(port.counts(INBOUND).held()).isEqualTo(1);

        clock.advance(Duration.ofMillis(30));
        assertThat(port.receive(buffer, 0)).isEqualTo(peer.localAddress());
        assertThat(Wire.bytes(buffer)).isEqualTo(ack(1));
    }

    @Test
    void delayDrawsFromItsRangeSoDatagramsOvertakeEachOther() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(
                Fault.delay(Duration.ofMillis(10), Duration.ofMillis(20))));
        List<String> sent = labels(List.of(dataBlocks(1, 50)));

        send(port, peer, dataBlocks(1, 50));
        clock.advance(Duration.ofNanos(Duration.ofMillis(10).toNanos() - 1));
        port.receive(ByteBuffer.allocate(10), 0);
        assertThat(drain(peer)).isEmpty();

        List<String> arrived = new ArrayList<>();
        for (int ms = 10; ms <= 20; ms++) {
            clock.advance(Duration.ofMillis(1));
            port.receive(ByteBuffer.allocate(10), 0);
            arrived.addAll(labels(drain(peer)));
        }
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(arrived).isNotEqualTo(sent);
    }

    @Test
    void delaysSurviveTheNanoClockWrappingAround() throws IOException {
        FakeClock nearTheEnd = new FakeClock(Long.MAX_VALUE - Duration.ofMillis(10).toNanos());
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(ImpairmentPlan.seeded(1).clock(nearTheEnd::nanos)
                .outbound(Fault.delay(Duration.ofMillis(30))));

        send(port, peer, data(1));
        nearTheEnd.advance(Duration.ofMillis(29));
        port.receive(ByteBuffer.allocate(10), 0);
        assertThat(drain(peer)).isEmpty();

        nearTheEnd.advance(Duration.ofMillis(1));
        port.receive(ByteBuffer.allocate(10), 0);
        assertThat(labels(drain(peer))).containsExactly("DATA 1");
    }

    @Test
    void receiveWakesUpForADelayedInboundDatagramWhileBlocked() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(ImpairmentPlan.seeded(1).inbound(Fault.delay(Duration.ofMillis(50))));
        ByteBuffer buffer = ByteBuffer.allocate(100);

        send(peer, port, ack(1));
        long start = System.nanoTime();
        InetSocketAddress sender = port.receive(buffer, TimeUnit.SECONDS.toNanos(10));
        long waited = System.nanoTime() - start;

        assertThat(sender).isEqualTo(peer.localAddress());
        assertThat(Wire.bytes(buffer)).isEqualTo(ack(1));
        assertThat(waited).isBetween(TimeUnit.MILLISECONDS.toNanos(45), TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void receiveSendsDueOutboundDatagramsWhileBlocked() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(ImpairmentPlan.seeded(1).outbound(Fault.delay(Duration.ofMillis(30))));

        send(port, peer, data(1));
        long start = System.nanoTime();
        assertThat(port.receive(ByteBuffer.allocate(100), TimeUnit.MILLISECONDS.toNanos(200))).isNull();
        long waited = System.nanoTime() - start;

        assertThat(labels(drain(peer))).containsExactly("DATA 1");
        assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
    }

    @Test
    void receiveTimesOutEvenWhenTheClockStandsStill() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).inbound(Fault.delay(Duration.ofSeconds(1))));
        send(peer, port, ack(1));

        long start = System.nanoTime();
        assertThat(port.receive(ByteBuffer.allocate(100), TimeUnit.MILLISECONDS.toNanos(100))).isNull();

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(port.counts(INBOUND).held()).isEqualTo(1);
    }

    // ------------------------------------------------------------ corrupt

    private static List<Integer> flippedBits(byte[] sent, byte[] received) {
        assertThat(received).hasSameSizeAs(sent);
        List<Integer> bits = new ArrayList<>();
        for (int i = 0; i < sent.length; i++) {
            int diff = (sent[i] ^ received[i]) & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                if ((diff & (0x80 >>> bit)) != 0) {
                    bits.add(i * 8 + bit);
                }
            }
        }
        return bits;
    }

    private List<Integer> corruptAndCollectFlippedBits(Fault corruption) throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(5).outbound(corruption));
        byte[][] blocks = dataBlocks(1, 300);
        send(port, peer, blocks);
        List<byte[]> arrived = drain(peer);
        assertThat(arrived).hasSize(300);
        assertThat(port.counts(OUTBOUND).corrupted()).isEqualTo(300);
        List<Integer> flipped = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<Integer> bits = flippedBits(blocks[i], arrived.get(i));
            assertThat(bits).as("datagram %d has exactly one flipped bit", i).hasSize(1);
            flipped.add(bits.get(0));
        }
        return flipped;
    }

    @Test
    void corruptionFlipsOneBitOfTheHeaderByDefault() throws IOException {
        List<Integer> flipped = corruptAndCollectFlippedBits(Fault.corrupt());

        assertThat(flipped).allMatch(bit -> bit < 32);
        assertThat(flipped).anyMatch(bit -> bit < 16).anyMatch(bit -> bit >= 16); // opcode and block both hit
    }

    @Test
    void opcodeCorruptionStaysInTheOpcode() throws IOException {
        assertThat(corruptAndCollectFlippedBits(Fault.corrupt(Effect.Corrupt.Region.OPCODE))).allMatch(bit -> bit < 16);
    }

    @Test
    void corruptionAnywhereAlsoHitsThePayload() throws IOException {
        assertThat(corruptAndCollectFlippedBits(Fault.corruptAnywhere())).anyMatch(bit -> bit >= 32);
    }

    // ------------------------------------------------------------ truncate

    @Test
    void truncateToCutsTheDatagramToThatLength() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(Fault.truncateTo(10).matching(Match.data())));

        send(port, peer, data(1, 100), ack(1));

        assertThat(drain(peer)).containsExactly(Arrays.copyOf(data(1, 100), 10), ack(1));
        assertThat(port.counts(OUTBOUND).truncated()).isEqualTo(1);
    }

    @Test
    void randomTruncationShortensEveryDatagramAndKeepsItsStart() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(3).inbound(Fault.truncate()));
        byte[][] blocks = dataBlocks(1, 100);

        send(peer, port, blocks);
        List<byte[]> arrived = drain(port);

        assertThat(arrived).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(arrived.get(i).length).isLessThan(blocks[i].length);
            assertThat(arrived.get(i)).isEqualTo(Arrays.copyOf(blocks[i], arrived.get(i).length));
        }
        assertThat(arrived.stream().mapToInt(a -> a.length).distinct().count()).isGreaterThan(5);
    }

    @Test
    void truncationLeavesDatagramsThatAreAlreadyShortAlone() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(Fault.truncateTo(10)));

        send(port, peer, ack(1));

        assertThat(drain(peer)).containsExactly(ack(1));
        assertThat(port.counts(OUTBOUND).truncated()).isZero();
    }

    // ------------------------------------------------------------ counts and close

    @Test
    void countsMatchWhatWasDone() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1).outbound(
                Fault.drop().matching(Match.any().nth(1)),
                Fault.duplicate(2).matching(Match.any().nth(2)),
                Fault.reorder().matching(Match.any().nth(3)),
                Fault.corrupt().matching(Match.any().nth(4)),
                Fault.truncateTo(3).matching(Match.any().nth(5)),
                Fault.delay(Duration.ofMillis(5)).matching(Match.any().nth(6)),
                Fault.reorder().matching(Match.any().nth(7))));

        send(port, peer, dataBlocks(1, 7));

        // 1 dropped; 2 three times; 3 held until 4 passed; 4 corrupted; 5 truncated; 6 delayed; 7 held
        assertThat(drain(peer)).hasSize(3 + 1 + 1 + 1);
        assertThat(port.counts(OUTBOUND)).isEqualTo(new ImpairmentCounts(7, 6, 1, 2, 2, 1, 1, 1, 0));
        assertThat(port.counts(OUTBOUND).held()).isEqualTo(2);

        port.close();
        assertThat(port.counts(OUTBOUND)).isEqualTo(new ImpairmentCounts(7, 6, 1, 2, 2, 1, 1, 1, 2));
        assertThat(port.counts(OUTBOUND).held()).isZero();
    }

    @Test
    void closeDropsEverythingHeld() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1)
                .outbound(Fault.delay(Duration.ofMillis(10)))
                .inbound(Fault.reorder()));

        send(port, peer, data(1));
        send(peer, port, ack(1));
        port.receive(ByteBuffer.allocate(10), 0);
        port.close();
        clock.advance(Duration.ofSeconds(1));

        assertThat(drain(peer)).isEmpty();
        assertThat(port.counts(OUTBOUND).discarded()).isEqualTo(1);
        assertThat(port.counts(INBOUND).discarded()).isEqualTo(1);
        assertThatThrownBy(() -> send(port, peer, data(2))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> port.receive(ByteBuffer.allocate(10), 0)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReceive() throws Exception {
        ImpairedDatagramPort port = impairedPort(plan(1));
        CompletableFuture<InetSocketAddress> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return port.receive(ByteBuffer.allocate(10), TimeUnit.SECONDS.toNanos(30));
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });

        Thread.sleep(50);
        port.close();

        assertThat(blocked).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(ClosedChannelException.class);
    }

    // ------------------------------------------------------------ port contract

    @Test
    void receiveCutsADatagramToTheBufferAndSendConsumesTheBuffer() throws IOException {
        DatagramPort peer = plainPort();
        ImpairedDatagramPort port = impairedPort(plan(1));
        ByteBuffer out = ByteBuffer.wrap(data(1, 100));

        port.send(out, peer.localAddress());
        send(peer, port, data(2, 100));
        ByteBuffer small = ByteBuffer.allocate(20);

        assertThat(out.hasRemaining()).isFalse();
        assertThat(port.receive(small, 0)).isEqualTo(peer.localAddress());
        assertThat(Wire.bytes(small)).isEqualTo(Arrays.copyOf(data(2, 100), 20));
        assertThat(peer.receive(ByteBuffer.allocate(200), 0)).isEqualTo(port.localAddress());
    }
}
