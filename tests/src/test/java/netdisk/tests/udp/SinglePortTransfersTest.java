package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import netdisk.testkit.RawPackets;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.flow.FlowMode;
import netdisk.udp.impair.Direction;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.retransmit.RetransmitPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server in single-port mode (spec/protocol.md 17) end to end over loopback: our client in
 * each of its engines both ways, raw lockstep peers, several clients at once, and a lossy path;
 * every file byte for byte, and every datagram that reached a client came from the well-known port.
 */
@Timeout(90)
class SinglePortTransfersTest {

    /** Not a multiple of 512 or 1428, past one window of 16 × 1428. */
    private static final int SIZE = 300_000 + 17;

    @TempDir
    Path dir;

    enum Engine {
        LOCKSTEP(EndToEnd.LOCKSTEP),
        WINDOWED(EndToEnd.WINDOWED),
        FLOW(EndToEnd.WINDOWED.withFlowMode(true));

        final TransferOptions options;

        Engine(TransferOptions options) {
            this.options = options;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    void getAndPutAreByteExactAndEveryReplyComesFromTheWellKnownPort(Engine engine) throws Exception {
        try (TestServer server = singlePortServer()) {
            Path served = TestData.randomFile(server.file("served.bin"), SIZE, 1);
            Sources sources = new Sources();
            TftpClient client = new TftpClient(sources.recording(DatagramPortFactory.udp()), () -> false);

            Path got = dir.resolve("got.bin");
            TransferResult get = client.get(server.address(), "served.bin", got, engine.options);
            client.put(server.address(), got, "put.bin", engine.options);

            assertThat(sha256(got)).isEqualTo(sha256(served));
            assertThat(sha256(server.file("put.bin"))).isEqualTo(sha256(served));
            assertThat(FlowMode.granted(get.acknowledged())).isEqualTo(engine == Engine.FLOW);
            assertThat(sources.seen).containsExactly(server.address());
            assertSucceeded(server, 2);
        }
    }

    @Test
    void aRawLockstepGetAndPutSeeOnlyTheWellKnownPort() throws Exception {
        byte[] file = TestData.randomBytes(40 * 512 + 3, 2);
        try (TestServer server = singlePortServer(); RawPeer client = RawPeer.open()) {
            Files.write(server.file("f.bin"), file);

            client.send(RawPackets.rrq("f.bin", "octet"), server.address());
            RawPeer.Received first = client.expect();
            assertThat(first.from()).as("DATA 1's source: the server's TID").isEqualTo(server.address());
            assertThat(sha256(client.receiveLockstep(first, 512))).isEqualTo(sha256(file));

            client.send(RawPackets.wrq("up.bin", "octet"), server.address());
            RawPeer.Received ack = client.expect();
            assertThat(ack.from()).isEqualTo(server.address());
            assertThat(ack.packet(Ack.class).block()).isZero();
            int blocks = file.length / 512 + 1;
            for (int block = 1; block <= blocks; block++) {
                int from = (block - 1) * 512;
                byte[] payload = Arrays.copyOfRange(file, from, Math.min(file.length, from + 512));
                client.send(Data.of(block, payload), server.address());
                ack = client.expect();
                assertThat(ack.from()).isEqualTo(server.address());
                assertThat(ack.packet(Ack.class).block()).isEqualTo(block);
            }
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue(); // the dally after the final ACK
            assertThat(sha256(server.file("up.bin"))).isEqualTo(sha256(file));
            assertSucceeded(server, 2);
        }
    }

    /**
     * Two clients on one host, one transfer each, their blocks interleaved on the one server port:
     * each client's ACK moves only its own transfer, and a third port of the same host that joins
     * in is no transfer's (ERROR 5).
     */
    @Test
    void twoClientsOfOneHostAreToldApartByTheirPorts() throws Exception {
        byte[] a = TestData.randomBytes(10 * 512 + 1, 3);
        byte[] b = TestData.randomBytes(12 * 512 + 2, 4);
        try (TestServer server = singlePortServer();
             RawPeer alice = RawPeer.open();
             RawPeer bob = RawPeer.open();
             RawPeer stranger = RawPeer.open()) {
            Files.write(server.file("a.bin"), a);
            Files.write(server.file("b.bin"), b);
            alice.send(RawPackets.rrq("a.bin", "octet"), server.address());
            bob.send(RawPackets.rrq("b.bin", "octet"), server.address());
            RawPeer.Received aliceFirst = alice.expect();
            RawPeer.Received bobFirst = bob.expect();

            stranger.send(new Ack(1), server.address());
            assertThat(stranger.expectError().code()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER_ID.code());

            assertThat(sha256(alice.receiveLockstep(aliceFirst, 512))).isEqualTo(sha256(a));
            assertThat(sha256(bob.receiveLockstep(bobFirst, 512))).isEqualTo(sha256(b));
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertSucceeded(server, 2);
            assertThat(server.reports).allSatisfy(r -> assertThat(r.statistics().strays()).isZero());
        }
    }

    /** Twelve clients at once, gets and puts, every engine: one port carries them all. */
    @Test
    void severalClientsAtOnceAreAllByteExact() throws Exception {
        int gets = 8;
        int puts = 4;
        // See ConcurrentTransfersTest: a resent request read after its transfer ended starts a stray one.
        RetransmitPolicy patient = EndToEnd.FAST.withInitialTimeout(Duration.ofSeconds(1));
        Sources sources = new Sources();
        try (TestServer server = singlePortServer()) {
            Path local = Files.createDirectories(dir.resolve("local"));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Path[]>> results = new ArrayList<>();
            for (int i = 0; i < gets + puts; i++) {
                int n = i;
                boolean get = n < gets;
                TransferOptions options = Engine.values()[n % 3].options.withRetransmit(patient);
                Path source = get
                        ? TestData.randomFile(server.file("get-" + n), 60_000 + n * 7_001, n)
                        : TestData.randomFile(local.resolve("put-" + n), 60_000 + n * 7_001, n);
                results.add(EndToEnd.inBackground(() -> {
                    TftpClient client = new TftpClient(sources.recording(DatagramPortFactory.udp()), () -> false);
                    go.await();
                    if (get) {
                        Path target = local.resolve("got-" + n);
                        client.get(server.address(), "get-" + n, target, options);
                        return new Path[] {source, target};
                    }
                    client.put(server.address(), source, "put-" + n, options);
                    return new Path[] {source, server.file("put-" + n)};
                }));
            }
            go.countDown();
            for (Future<Path[]> result : results) {
                Path[] pair = result.get(60, TimeUnit.SECONDS);
                assertThat(sha256(pair[1])).as("%s", pair[1].getFileName()).isEqualTo(sha256(pair[0]));
            }
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).as("no transfer left running").isTrue();
            assertSucceeded(server, gets + puts);
            assertThat(sources.seen).containsExactly(server.address());
        }
    }

    /** Seeded loss both ways at the client: retransmissions, and flow mode's recovery, through the one port. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Engine.class, names = {"WINDOWED", "FLOW"})
    void aLossyPathRecoversThroughTheOnePort(Engine engine) throws Exception {
        ImpairmentPlan lossy = ImpairmentPlan.seeded(17).bothWays(Fault.drop().probability(0.03));
        try (TestServer server = singlePortServer()) {
            Path served = TestData.randomFile(server.file("served.bin"), SIZE, 5);
            Sources sources = new Sources();
            ImpairedDatagramPortFactory impaired =
                    ImpairedDatagramPortFactory.wrap(sources.recording(DatagramPortFactory.udp()), lossy);
            TftpClient client = new TftpClient(impaired, () -> false);

            Path got = dir.resolve("got.bin");
            client.get(server.address(), "served.bin", got, engine.options);
            client.put(server.address(), got, "put.bin", engine.options);

            assertThat(sha256(got)).isEqualTo(sha256(served));
            assertThat(sha256(server.file("put.bin"))).isEqualTo(sha256(served));
            assertThat(sources.seen).containsExactly(server.address());
            assertThat(impaired.total(Direction.INBOUND).dropped() + impaired.total(Direction.OUTBOUND).dropped())
                    .as("datagrams lost on the way").isPositive();
        }
    }

    private TestServer singlePortServer() throws IOException {
        return TestServer.start(dir.resolve("root"), true, b -> b.singlePort(true));
    }

    /** Waits for the server's reports of {@code count} transfers (a receiver's ends after its dally); all succeeded. */
    private static void assertSucceeded(TestServer server, int count) throws InterruptedException {
        assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(server.reports).hasSize(count).allSatisfy(r -> assertThat(r.succeeded())
                .as("%s %s: %s", r.direction(), r.label(), r.failure()).isTrue());
    }

    /** The source of every datagram a client port received, over every port it opened. */
    private static final class Sources {
        final Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();

        DatagramPortFactory recording(DatagramPortFactory ports) {
            return local -> new Recording(ports.open(local), seen);
        }
    }

    /** Passes everything through; notes the sender of each datagram received. */
    private record Recording(DatagramPort inner, Set<InetSocketAddress> seen) implements DatagramPort {
        @Override
        public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
            inner.send(datagram, target);
        }

        @Override
        public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
            InetSocketAddress from = inner.receive(into, timeoutNanos);
            if (from != null) {
                seen.add(from);
            }
            return from;
        }

        @Override
        public InetSocketAddress localAddress() {
            return inner.localAddress();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
