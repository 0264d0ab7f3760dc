package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import netdisk.udp.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.transfer.TransferFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single-port server (spec/protocol.md 17) over loopback sockets, seen from a raw client: every
 * reply comes from the well-known port, and the TID rules of RFC 1350 §4 hold with the client's
 * address and port as the only tell between transfers.
 */
@Timeout(30)
class SinglePortServerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Path root;
    private TftpServer server;
    private final List<TransferReport> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        server = TftpServer.start(ServerConfig.builder(new RootFolderHandler(new FileRoot(root), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .shutdownGrace(Duration.ofMillis(500))
                .listener(reports::add)
                .singlePort(true)
                .build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyReplyComesFromTheWellKnownPortAndAForeignPortOfTheSameHostGetsErrorFive() throws Exception {
        byte[] file = TestData.randomBytes(6 * 512 + 10, 1);
        Files.write(root.resolve("f.bin"), file);
        try (DatagramSocket client = socket(); DatagramSocket stranger = socket()) {
            send(client, new ReadRequest("f.bin", TransferMode.OCTET));
            Received first = expect(client);
            assertThat(first.from()).isEqualTo(server.localAddress());
            assertThat(server.singlePort()).isTrue();

            // The ACK the transfer waits for, from another port of the client's host: no transfer of its own.
            send(stranger, new Ack(1));
            Received answer = expect(stranger);
            assertThat(answer.from()).isEqualTo(server.localAddress());
            assertThat(((ErrorPacket) answer.packet()).code()).isEqualTo(ErrorCode.UNKNOWN_TRANSFER_ID.code());
            // An ERROR from it gets nothing back, and ends nothing.
            send(stranger, new ErrorPacket(ErrorCode.NOT_DEFINED, "go away"));

            byte[] received = receiveLockstep(client, first);
            assertThat(received).isEqualTo(file);
            assertThat(receive(stranger, Duration.ofMillis(100))).as("no answer to an ERROR").isNull();
        }
        server.close();
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.failure()).isNull());
    }

    @Test
    void ourClientLearnsTheWellKnownPortAsTheServersTidBothWays() throws Exception {
        byte[] file = TestData.randomBytes(200_000, 2);
        Files.write(root.resolve("f.bin"), file);
        TftpClient client = new TftpClient();
        for (TransferOptions options : List.of(TransferOptions.plain(), TransferOptions.defaults(),
                TransferOptions.defaults().withFlowMode(true))) {
            Path copy = dir.resolve("copy");
            client.get(server.localAddress(), "f.bin", copy, options);
            assertThat(Files.readAllBytes(copy)).isEqualTo(file);
            client.put(server.localAddress(), copy, "up.bin", options);
            assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(file);
        }
    }

    /**
     * tftp-hpa asks for the next file from the same port. Single-port mode cannot tell two
     * transfers of one client port apart, so the new request takes the port over: the old
     * transfer, its final DATA sent but never acknowledged, ends as cancelled, and none of its
     * retransmissions reach the client from then on.
     */
    @Test
    void aNewRequestFromTheSamePortAfterTheFinalBlockTakesThePortOver() throws Exception {
        byte[] first = TestData.randomBytes(100, 3);
        byte[] second = TestData.randomBytes(3 * 512 + 1, 4);
        Files.write(root.resolve("a.bin"), first);
        Files.write(root.resolve("b.bin"), second);
        try (DatagramSocket client = socket()) {
            send(client, new ReadRequest("a.bin", TransferMode.OCTET));
            Received finalBlock = expect(client);
            assertThat(((Data) finalBlock.packet()).bytes()).isEqualTo(first); // one short block: the last

            send(client, new ReadRequest("b.bin", TransferMode.OCTET)); // no ACK for a.bin's final block
            Received next = expect(client);
            while (Arrays.equals(next.bytes(), finalBlock.bytes())) {
                next = expect(client); // a retransmission that left before the new request was read
            }
            assertThat(receiveLockstep(client, next)).isEqualTo(second);
        }
        // The old transfer left the server's table when the new one took its client's entry, so
        // close does not wait for it: its report comes when it has noticed it was superseded.
        awaitReports(2);
        assertThat(reports).hasSize(2);
        TransferReport a = reports.stream().filter(r -> r.label().equals("a.bin")).findFirst().orElseThrow();
        TransferReport b = reports.stream().filter(r -> r.label().equals("b.bin")).findFirst().orElseThrow();
        assertThat(a.failure()).isNotNull();
        assertThat(a.failure().kind()).isEqualTo(TransferFailure.Kind.CANCELLED);
        assertThat(b.failure()).isNull();
    }

    /**
     * The tftp-hpa pattern: the final ACK and at once the next request, from one port. The ACK
     * came first, so it is the old transfer's, which ends well; the new one is served.
     */
    @Test
    void theFinalAckBeforeANewRequestFromTheSamePortStillEndsTheOldTransferWell() throws Exception {
        byte[] first = TestData.randomBytes(2 * 512 + 5, 5);
        byte[] second = TestData.randomBytes(700, 6);
        Files.write(root.resolve("a.bin"), first);
        Files.write(root.resolve("b.bin"), second);
        try (DatagramSocket client = socket()) {
            send(client, new ReadRequest("a.bin", TransferMode.OCTET));
            assertThat(receiveLockstep(client, expect(client))).isEqualTo(first); // its last act: ACK 3
            send(client, new ReadRequest("b.bin", TransferMode.OCTET));
            assertThat(receiveLockstep(client, expect(client))).isEqualTo(second);
        }
        awaitReports(2);
        assertThat(reports).hasSize(2).allSatisfy(r -> assertThat(r.failure()).as(r.label()).isNull());
    }

    private void awaitReports(int count) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (reports.size() < count && System.nanoTime() - end < 0) {
            Thread.sleep(5);
        }
    }

    private record Received(InetSocketAddress from, byte[] bytes) {
        Packet packet() throws Exception {
            return PacketCodec.decode(bytes);
        }
    }

    private static DatagramSocket socket() throws IOException {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private void send(DatagramSocket socket, Packet packet) throws IOException {
        byte[] bytes = PacketCodec.toBytes(packet);
        socket.send(new DatagramPacket(bytes, bytes.length, server.localAddress()));
    }

    private static Received receive(DatagramSocket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        DatagramPacket p = new DatagramPacket(new byte[PacketCodec.MAX_PACKET_SIZE + 1], PacketCodec.MAX_PACKET_SIZE + 1);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Received((InetSocketAddress) p.getSocketAddress(), Arrays.copyOf(p.getData(), p.getLength()));
    }

    private static Received expect(DatagramSocket socket) throws IOException {
        Received r = receive(socket, PATIENCE);
        assertThat(r).as("a datagram within %s", PATIENCE).isNotNull();
        return r;
    }

    /** Lockstep, 512-byte blocks, from the first DATA on; every DATA must come from the well-known port. */
    private byte[] receiveLockstep(DatagramSocket client, Received first) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Received r = first;
        int expected = 1;
        while (true) {
            assertThat(r.from()).as("every reply from the well-known port").isEqualTo(server.localAddress());
            Data data = (Data) r.packet();
            if (data.block() == expected) {
                out.writeBytes(data.bytes());
                send(client, new Ack(data.block()));
                if (data.length() < 512) {
                    return out.toByteArray();
                }
                expected++;
            }
            r = expect(client);
        }
    }
}
