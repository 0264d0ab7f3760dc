package netdisk.udp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.ReadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 2347 §4: a server that refuses a request's options answers ERROR 8, and the client asks
 * again without them. tftpd-hpa does this to a netascii read that asks for tsize. The second
 * attempt must write into the same, still usable, sink.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TftpClientRetrySinkTest {

    private static final byte[] CONTENT = "hello\r\nworld\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;
    private DatagramSocket server;
    private CompletableFuture<Void> script;

    @BeforeEach
    void refuseOptionsThenServePlainly() throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(10_000);
        script = CompletableFuture.runAsync(this::refuseOptionsThenServe);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void getsIntoTheSameSinkAfterTheServerRefusesTheOptions() throws Exception {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();

        TransferResult result = new TftpClient().get(address(), "notes.txt", sink,
                TransferOptions.defaults().withMode(netdisk.udp.packet.TransferMode.NETASCII));

        script.get(10, TimeUnit.SECONDS);
        assertThat(result.fellBack()).isTrue();
        assertThat(sink.isCompleted()).isTrue();
        assertThat(sink.bytes()).isEqualTo(CONTENT);
    }

    @Test
    void getsIntoTheLocalFileAfterTheServerRefusesTheOptions() throws Exception {
        Path local = temp.resolve("copy.bin");

        TransferResult result = new TftpClient().get(address(), "notes.txt", local, TransferOptions.defaults());

        script.get(10, TimeUnit.SECONDS);
        assertThat(result.fellBack()).isTrue();
        assertThat(Files.readAllBytes(local)).isEqualTo(CONTENT);
    }

    private InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** RRQ with options: ERROR 8. RRQ without: DATA 1 (short, the whole file), then expect ACK 1. */
    private void refuseOptionsThenServe() {
        try {
            DatagramPacket first = receive(server);
            ReadRequest asked = (ReadRequest) decode(first);
            assertThat(asked.options().isEmpty()).as("first request has options").isFalse();
            send(server, new ErrorPacket(ErrorCode.OPTION_NEGOTIATION, "Unsupported option(s) requested"),
                    first.getSocketAddress());

            DatagramPacket second = receive(server);
            ReadRequest plain = (ReadRequest) decode(second);
            assertThat(plain.options().isEmpty()).as("second request has no options").isTrue();
            try (DatagramSocket transfer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                transfer.setSoTimeout(10_000);
                send(transfer, Data.of(1, CONTENT), second.getSocketAddress());
                assertThat(decode(receive(transfer))).isEqualTo(new Ack(1));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DatagramPacket receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[PacketCodec.MAX_PACKET_SIZE], PacketCodec.MAX_PACKET_SIZE);
        socket.receive(packet);
        return packet;
    }

    private static Packet decode(DatagramPacket packet) {
        try {
            return PacketCodec.decode(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        } catch (netdisk.udp.packet.MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    private static void send(DatagramSocket socket, Packet packet, SocketAddress to) throws IOException {
        byte[] bytes = PacketCodec.toBytes(packet);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }
}
