package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import netdisk.testkit.RawPackets;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferResult;
import netdisk.udp.impair.Direction;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPort;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.server.TransferReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 1350 §4 (spec section 1): a datagram from a source that is not the transfer's peer gets
 * ERROR 5 and does not disturb the transfer, which still delivers the file byte for byte.
 */
@Timeout(30)
class UnknownTransferIdTest {

    @TempDir
    Path dir;

    @Test
    void serverAnswersStrangersWithErrorFiveAndCarriesOn() throws Exception {
        byte[] file = TestData.randomBytes(20 * 512 + 77, 21);
        try (TestServer server = TestServer.start(dir.resolve("root"), false);
             RawPeer client = RawPeer.open();
             RawPeer stranger = RawPeer.open();
             RawPeer farStranger = RawPeer.open(InetAddress.getByName("127.0.0.2"))) {
            Files.write(server.file("f.bin"), file);
            client.send(RawPackets.rrq("f.bin", "octet"), server.address());
            RawPeer.Received first = client.expect();
            InetSocketAddress tid = first.from();
            assertThat(tid.getPort()).as("the transfer's own port").isNotEqualTo(server.address().getPort());
            assertThat(first.packet(Data.class).block()).isEqualTo(1);

            // Another port of the client's host, with a packet the transfer would like.
            stranger.send(new Ack(1), tid);
            RawPeer.Received answer = stranger.expect();
            assertThat(answer.from()).isEqualTo(tid);
            assertThat(answer.packet(ErrorPacket.class).code()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER_ID.code());

            // Another host, with garbage: the source is checked before the bytes are decoded.
            farStranger.send(new byte[] {7}, tid);
            assertThat(farStranger.expectError().code()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER_ID.code());

            // An ERROR from a stranger is never answered (no ERROR ping-pong) nor ends the transfer.
            stranger.send(new ErrorPacket(ErrorCode.NOT_DEFINED, "go away"), tid);
            stranger.expectSilence(Duration.ofMillis(150));

            byte[] received = client.receiveLockstep(first, 512);
            assertThat(sha256(received)).isEqualTo(sha256(file));
            assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
            TransferReport report = server.reports.getFirst();
            assertThat(report.succeeded()).as("%s", report.failure()).isTrue();
            assertThat(report.statistics().strays()).isEqualTo(3);
        }
    }

    /**
     * A datagram forged to come from port 0 (hardening finding 1): the server's ERROR 5 cannot be
     * sent there ("Can't send to port 0"), and that failed courtesy once ended the transfer. It
     * is counted and the transfer goes on.
     */
    @Test
    void aStrangerFromPortZeroCannotStopATransfer() throws Exception {
        byte[] file = TestData.randomBytes(12 * 512 + 5, 22);
        try (TestServer server = TestServer.start(dir.resolve("root"), false);
             RawPeer client = RawPeer.open()) {
            Files.write(server.file("f.bin"), file);
            client.send(RawPackets.rrq("f.bin", "octet"), server.address());
            RawPeer.Received first = client.expect();
            InetSocketAddress tid = first.from();

            Spoofer.send(0, PacketCodec.toBytes(new Ack(1)), tid);
            Spoofer.send(0, new byte[] {0, 9}, tid);
            // Both are queued at the transfer's port before the client's ACK 1, which
            // receiveLockstep sends next: the transfer reads them first.

            byte[] received = client.receiveLockstep(first, 512);
            assertThat(sha256(received)).isEqualTo(sha256(file));
            assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
            TransferReport report = server.reports.getFirst();
            assertThat(report.succeeded()).as("%s", report.failure()).isTrue();
            assertThat(report.statistics().strays()).isEqualTo(2);
            assertThat(report.statistics().sendFailures()).as("the two ERROR 5 that could not go").isEqualTo(2);
        }
    }

    /** A lockstep get under way: the client's port is known and DATA keeps coming for a while. */
    private record SlowGet(TestServer server, Path served, Path local, InetSocketAddress clientTid,
            CompletableFuture<TransferResult> result) implements AutoCloseable {

        /** Asserts the file arrived byte for byte; returns the client's result. */
        TransferResult delivered() throws Exception {
            TransferResult done = result.get(20, TimeUnit.SECONDS);
            assertThat(sha256(local)).isEqualTo(sha256(served));
            return done;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** The server's DATA is held 5 ms each, so the transfer lasts long enough to be interrupted. */
    private SlowGet startSlowGet(long seed) throws Exception {
        ImpairmentPlan slow = ImpairmentPlan.seeded(1)
                .outbound(Fault.delay(Duration.ofMillis(5)).matching(Match.data()));
        ImpairedDatagramPortFactory clientPorts =
                ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), ImpairmentPlan.none());
        TestServer server = TestServer.start(dir.resolve("root"), false,
                b -> b.ports(ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), slow)));
        try {
            Path served = TestData.randomFile(server.file("f.bin"), 60 * 512 + 5, seed);
            Path local = dir.resolve("got.bin");
            TftpClient client = new TftpClient(clientPorts, () -> false);
            CompletableFuture<TransferResult> get = EndToEnd.inBackground(
                    () -> client.get(server.address(), "f.bin", local, EndToEnd.LOCKSTEP));
            ImpairedDatagramPort port = awaitDataArriving(clientPorts);
            InetSocketAddress clientTid = new InetSocketAddress(EndToEnd.loopback(), port.localAddress().getPort());
            return new SlowGet(server, served, local, clientTid, get);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    @Test
    void clientAnswersStrangersWithErrorFiveAndCarriesOn() throws Exception {
        try (SlowGet get = startSlowGet(22); RawPeer stranger = RawPeer.open()) {
            // A DATA the client is waiting for, from the server's host but not its TID.
            stranger.send(Data.of(40, new byte[512]), get.clientTid());
            assertThat(stranger.expectError().code()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER_ID.code());

            assertThat(get.delivered().statistics().strays()).isEqualTo(1);
        }
    }

    /** As for the server: a forged datagram from port 0 once ended a netdisk client (exit 7). */
    @Test
    void aStrangerFromPortZeroCannotStopAClient() throws Exception {
        try (SlowGet get = startSlowGet(23)) {
            Spoofer.send(0, PacketCodec.toBytes(Data.of(40, new byte[512])), get.clientTid());

            TransferResult result = get.delivered();
            assertThat(result.statistics().strays()).isEqualTo(1);
            assertThat(result.statistics().sendFailures()).isEqualTo(1);
        }
    }

    private static ImpairedDatagramPort awaitDataArriving(ImpairedDatagramPortFactory ports)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - end < 0) {
            if (!ports.ports().isEmpty() && ports.ports().getFirst().counts(Direction.INBOUND).delivered() >= 3) {
                return ports.ports().getFirst();
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the client never received DATA");
    }
}
