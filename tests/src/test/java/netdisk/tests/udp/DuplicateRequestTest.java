package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import netdisk.testkit.RawPackets;
import netdisk.testkit.TestData;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec section 13: a request from a client address and port whose transfer is still running is
 * a retransmission, so one lost reply never starts two transfers: it gets the transfer's first
 * reply again while the client has not answered, and nothing once it has. Once that
 * transfer is over, the same port may ask again (tftp-hpa's client keeps one port for a session).
 * Each test runs with a port per transfer and in single-port mode, where the listener sorts the
 * repeats from the transfer's own datagrams.
 */
@Timeout(30)
@ParameterizedClass(name = "single-port {0}")
@ValueSource(booleans = {false, true})
class DuplicateRequestTest {

    @Parameter
    boolean singlePort;

    @TempDir
    Path dir;

    private TestServer server;
    private RawPeer client;
    private final byte[] file = TestData.randomBytes(12 * 512 + 34, 10);

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("root"), true, b -> b.singlePort(singlePort));
        Files.write(server.file("f.bin"), file);
        client = RawPeer.open();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Everything that arrives until {@code quiet} passes without a datagram. */
    private List<RawPeer.Received> drain(Duration quiet) throws Exception {
        List<RawPeer.Received> all = new ArrayList<>();
        for (RawPeer.Received r = client.receive(quiet); r != null; r = client.receive(quiet)) {
            all.add(r);
        }
        return all;
    }

    @Test
    void sameReadRequestTwiceStartsOneTransfer() throws Exception {
        byte[] rrq = RawPackets.rrq("f.bin", "octet");
        client.send(rrq, server.address());
        client.send(rrq, server.address());
        RawPeer.Received first = client.expect();
        InetSocketAddress tid = first.from();
        assertThat(first.packet(Data.class).block()).isEqualTo(1);

        // And once more while the transfer is surely running (DATA 1 is out, not acknowledged).
        client.send(rrq, server.address());
        assertThat(server.server.activeTransfers()).isEqualTo(1);

        // No ACK for a while: each of the two repeats gets DATA 1 again, from the one transfer's
        // port, and nothing more goes to an address that has not answered yet (section 13,
        // "Unanswered transfers": a 516-byte DATA is over three times a 17-byte RRQ).
        List<RawPeer.Received> meanwhile = drain(Duration.ofMillis(250));
        assertThat(meanwhile).hasSize(2).allSatisfy(r -> {
            assertThat(r.from()).as("only one TID answers").isEqualTo(tid);
            assertThat(r.packet()).isEqualTo(first.packet());
        });

        byte[] received = client.receiveLockstep(first, 512);
        assertThat(sha256(received)).isEqualTo(sha256(file));
        assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(server.reports).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
    }

    @Test
    void sameWriteRequestTwiceStartsOneTransfer() throws Exception {
        byte[] wrq = RawPackets.wrq("up.bin", "octet");
        client.send(wrq, server.address());
        client.send(wrq, server.address());
        RawPeer.Received ack0 = client.expect();
        InetSocketAddress tid = ack0.from();
        assertThat(ack0.packet()).isEqualTo(new Ack(0));
        client.send(wrq, server.address());

        List<RawPeer.Received> meanwhile = drain(Duration.ofMillis(250));
        assertThat(meanwhile).allSatisfy(r -> {
            assertThat(r.from()).as("only one TID answers").isEqualTo(tid);
            assertThat(r.packet()).isEqualTo(new Ack(0));
        });

        int blocks = file.length / 512 + 1;
        for (int block = 1; block <= blocks; block++) {
            int from = (block - 1) * 512;
            byte[] payload = Arrays.copyOfRange(file, from, Math.min(file.length, from + 512));
            client.send(Data.of(block, payload), tid);
            RawPeer.Received ack;
            do {
                ack = client.expect();
            } while (!ack.packet().equals(new Ack(block)));
        }
        assertThat(server.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sha256(server.file("up.bin"))).isEqualTo(sha256(file));
        assertThat(server.reports).singleElement().satisfies(r -> assertThat(r.succeeded()).isTrue());
    }

    @Test
    void samePortMayAskAgainRightAfterARefusal() throws Exception {
        client.send(RawPackets.rrq("missing.bin", "octet"), server.address());
        assertThat(client.expectError().code()).isEqualTo(ErrorCode.FILE_NOT_FOUND.code());
        // At once, from the same port (tftp-hpa's client keeps one port for a whole session).
        client.send(RawPackets.rrq("f.bin", "octet"), server.address());
        RawPeer.Received first = client.expect();
        assertThat(first.packet(Data.class).block()).isEqualTo(1);
        assertThat(sha256(client.receiveLockstep(first, 512))).isEqualTo(sha256(file));
    }

    /**
     * A client that sends its final ACK and at once a new request from the same port (tftp-hpa
     * reuses its port) is served at once: the old transfer has sent its final block, so the
     * request cannot be a retransmission of the one that started it.
     */
    @Test
    void requestWhileTheFinalAckIsInFlightStartsANewTransfer() throws Exception {
        // Single-port mode cannot tell the old transfer's late ACK from the new one's datagrams:
        // the new request takes the port over (spec 17; SinglePortServerTest in udp-transport).
        Assumptions.assumeFalse(singlePort, "a port per transfer only: single-port mode supersedes the old transfer");
        int finalBlock = file.length / 512 + 1;
        ImpairmentPlan lateFinalAck = ImpairmentPlan.seeded(1)
                .inbound(Fault.delay(Duration.ofMillis(150)).matching(Match.ack().block(finalBlock)));
        try (TestServer slow = TestServer.start(dir.resolve("slow"), false,
                b -> b.ports(ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), lateFinalAck)))) {
            Files.write(slow.file("f.bin"), file);
            byte[] rrq = RawPackets.rrq("f.bin", "octet");
            client.send(rrq, slow.address());
            RawPeer.Received first = client.expect();
            assertThat(sha256(client.receiveLockstep(first, 512))).isEqualTo(sha256(file));

            client.send(rrq, slow.address());
            RawPeer.Received again = client.expect();
            while (again.from().equals(first.from())) {
                // The old transfer may still repeat its final DATA until the late ACK arrives.
                assertThat(again.packet(Data.class).block()).isEqualTo(finalBlock);
                again = client.expect();
            }
            assertThat(again.packet(Data.class).block()).isEqualTo(1);
            assertThat(sha256(client.receiveLockstep(again, 512, first.from()))).isEqualTo(sha256(file));
        }
    }
}
