package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import netdisk.testkit.RawPackets;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferResult;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.Packet;
import netdisk.udp.transfer.TransferFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code TftpServer.close()}: stops taking requests at once, lets running transfers finish for
 * the shutdown grace, then cancels the rest (their clients get ERROR 0) and returns.
 */
@Timeout(30)
@ParameterizedClass(name = "single-port {0}")
@ValueSource(booleans = {false, true})
class GracefulStopTest {

    /** In single-port mode the listener goes on carrying the transfers' datagrams through the grace. */
    @Parameter
    boolean singlePort;

    private static final Duration GRACE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void closeCancelsATransferWhoseClientStoppedAnsweringAfterTheGrace() throws Exception {
        TestServer server = TestServer.start(dir.resolve("root"), false,
                b -> b.shutdownGrace(GRACE).singlePort(singlePort));
        try (RawPeer client = RawPeer.open()) {
            TestData.randomFile(server.file("f.bin"), 20 * 512, 8);
            client.send(RawPackets.rrq("f.bin", "octet"), server.address());
            RawPeer.Received opening = client.expect();
            InetSocketAddress tid = opening.from();
            assertThat(opening.packet(Data.class).block()).isEqualTo(1);
            // One ACK (an unanswered opening would be retransmitted only within the 3x budget),
            client.send(new Ack(1), tid);
            RawPeer.Received first = client.expect();
            assertThat(first.packet(Data.class).block()).isEqualTo(2);
            // ... and no ACK ever again: the server keeps resending DATA 2, for seconds.

            long t0 = System.nanoTime();
            server.close();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).as("close waits out the grace").isGreaterThanOrEqualTo(GRACE.minusMillis(20));
            assertThat(took).as("then cancels within a moment").isLessThan(GRACE.plusMillis(1000));
            assertThat(server.server.activeTransfers()).isZero();
            assertThat(server.reports).singleElement().satisfies(r ->
                    assertThat(r.failure().kind()).isEqualTo(TransferFailure.Kind.CANCELLED));

            // The client saw DATA 2 again (retransmissions) and then ERROR 0, from the transfer's port.
            List<Packet> seen = new ArrayList<>();
            for (RawPeer.Received r = client.receive(Duration.ofMillis(300)); r != null;
                    r = client.receive(Duration.ofMillis(300))) {
                assertThat(r.from()).isEqualTo(tid);
                seen.add(r.packet());
            }
            assertThat(seen).isNotEmpty();
            assertThat(seen.getLast()).isInstanceOfSatisfying(ErrorPacket.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_DEFINED.code()));
            assertThat(seen.subList(0, seen.size() - 1)).allSatisfy(p -> assertThat(p).isEqualTo(first.packet()));

            // Nothing answers any more: neither the well-known port nor the transfer's.
            client.send(RawPackets.rrq("f.bin", "octet"), server.address());
            client.send(new Ack(1), tid);
            client.expectSilence(Duration.ofMillis(300));
        } finally {
            server.close();
        }
    }

    @Test
    void closeLetsASlowTransferFinishWithinTheGrace() throws Exception {
        // Each DATA is held 5 ms on its way in: 60 blocks take about a third of a second. Held at
        // the client, whose one thread releases it on time: in single-port mode the server's
        // well-known port is shared by threads, and a datagram held there waited for the
        // listener's next wake-up instead.
        ImpairmentPlan slow = ImpairmentPlan.seeded(1)
                .inbound(Fault.delay(Duration.ofMillis(5)).matching(Match.data()));
        TestServer server = TestServer.start(dir.resolve("root"), false, b -> b
                .shutdownGrace(Duration.ofSeconds(10))
                .singlePort(singlePort));
        try {
            Path served = TestData.randomFile(server.file("f.bin"), 60 * 512 + 3, 9);
            Path local = dir.resolve("got.bin");
            CompletableFuture<TransferResult> get = EndToEnd.inBackground(
                    () -> new TftpClient(ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), slow), () -> false)
                            .get(server.address(), "f.bin", local, EndToEnd.LOCKSTEP));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.server.activeTransfers() == 0 && System.nanoTime() - until < 0) {
                Thread.sleep(1);
            }
            assertThat(server.server.activeTransfers()).isEqualTo(1);

            long t0 = System.nanoTime();
            server.close();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).as("close returns when the last transfer is done").isLessThan(Duration.ofSeconds(5));
            TransferResult result = get.get(5, TimeUnit.SECONDS);
            assertThat(result.bytes()).isEqualTo(Files.size(served));
            assertThat(sha256(local)).isEqualTo(sha256(served));
            assertThat(server.reports).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
        } finally {
            server.close();
        }
    }
}
