package netdisk.tests.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import netdisk.testkit.RawPackets;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.blocks.ByteArrayBlockSource;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.impair.InMemoryDatagramNetwork;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.WriteRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's one retry without options (spec/protocol.md 5.2), against a scripted server on
 * an in-memory network: the server refuses the options with ERROR 8, or the client refuses the
 * server's OACK. Either way the second request carries no option and the transfer completes.
 */
@Timeout(30)
class TftpClientFallbackTest {

    private static final InetSocketAddress WELL_KNOWN = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6969);
    private static final byte[] CONTENT = "hello".getBytes(StandardCharsets.US_ASCII);

    private final InMemoryDatagramNetwork network = new InMemoryDatagramNetwork();
    /** Everything the scripted server received, in order. */
    private final List<Packet> received = new CopyOnWriteArrayList<>();

    /**
     * Answers the first request with {@code firstAnswer} from a new port (and takes the client's
     * ERROR 8 there when it is an OACK), then serves the second request plainly: "hello".
     */
    private CompletableFuture<Void> scriptedServer(byte[] firstAnswer) throws Exception {
        DatagramPort listener = network.bind(WELL_KNOWN);
        return CompletableFuture.runAsync(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(70_000);
            try (listener; DatagramPort first = network.bind(); DatagramPort second = network.bind()) {
                InetSocketAddress client = listener.receive(buffer, TimeUnit.SECONDS.toNanos(10));
                received.add(PacketCodec.decode(buffer));
                first.send(ByteBuffer.wrap(firstAnswer), client);
                if (firstAnswer[1] == 6) {
                    assertThat(first.receive(buffer, TimeUnit.SECONDS.toNanos(10))).isEqualTo(client);
                    received.add(PacketCodec.decode(buffer));
                }
                client = listener.receive(buffer, TimeUnit.SECONDS.toNanos(10));
                Request retry = (Request) PacketCodec.decode(buffer);
                received.add(retry);
                if (retry instanceof ReadRequest) {
                    second.send(ByteBuffer.wrap(PacketCodec.toBytes(Data.of(1, CONTENT))), client);
                    second.receive(buffer, TimeUnit.SECONDS.toNanos(10));
                    received.add(PacketCodec.decode(buffer));
                } else {
                    second.send(ByteBuffer.wrap(PacketCodec.toBytes(new Ack(0))), client);
                    second.receive(buffer, TimeUnit.SECONDS.toNanos(10));
                    received.add(PacketCodec.decode(buffer));
                    second.send(ByteBuffer.wrap(PacketCodec.toBytes(new Ack(1))), client);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private TransferResult get(byte[] firstAnswer, ByteArrayBlockSink sink) throws Exception {
        CompletableFuture<Void> server = scriptedServer(firstAnswer);
        TransferResult result = new TftpClient(network.factory(), () -> false)
                .get(WELL_KNOWN, "f", sink, TransferOptions.defaults());
        server.get(10, TimeUnit.SECONDS);
        return result;
    }

    private void assertPlainRetry() {
        Request retry = (Request) received.stream().filter(p -> p instanceof Request).skip(1).findFirst().orElseThrow();
        assertThat(retry.options().isEmpty()).as("the retry asks for no option").isTrue();
    }

    @Test
    void getRetriesWithoutOptionsWhenTheServerRefusesThem() throws Exception {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        byte[] refusal = PacketCodec.toBytes(new ErrorPacket(ErrorCode.OPTION_NEGOTIATION, "no options here"));
        TransferResult result = get(refusal, sink);

        assertThat(result.fellBack()).isTrue();
        assertThat(sink.isCompleted()).isTrue();
        assertThat(sink.bytes()).isEqualTo(CONTENT);
        assertPlainRetry();
    }

    @Test
    void getRetriesWithoutOptionsAfterRefusingAnOackMalformedByAnOptionValue() throws Exception {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        TransferResult result = get(RawPackets.oack("blksize", "7"), sink);

        assertThat(received.get(1)).isInstanceOfSatisfying(ErrorPacket.class,
                e -> assertThat(e.code()).isEqualTo(8));
        assertThat(result.fellBack()).isTrue();
        assertThat(sink.bytes()).isEqualTo(CONTENT);
        assertPlainRetry();
    }

    @Test
    void getRetriesWithoutOptionsAfterRefusingAnOackItCannotAccept() throws Exception {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        // windowsize above the 16 asked.
        byte[] greedy = PacketCodec.toBytes(new OptionAck(TftpOptions.of("windowsize", "64")));
        TransferResult result = get(greedy, sink);

        assertThat(received.get(1)).isInstanceOfSatisfying(ErrorPacket.class,
                e -> assertThat(e.code()).isEqualTo(8));
        assertThat(result.fellBack()).isTrue();
        assertThat(sink.bytes()).isEqualTo(CONTENT);
    }

    @Test
    void putRetriesWithoutOptionsAfterRefusingAnOackMalformedByAnOptionValue() throws Exception {
        CompletableFuture<Void> server = scriptedServer(RawPackets.oack("windowsize", "0"));
        TransferResult result = new TftpClient(network.factory(), () -> false)
                .put(WELL_KNOWN, new ByteArrayBlockSource(CONTENT), "f", TransferOptions.defaults());
        server.get(10, TimeUnit.SECONDS);

        assertThat(result.fellBack()).isTrue();
        assertThat(received.get(0)).isInstanceOf(WriteRequest.class);
        assertThat(received.get(1)).isInstanceOfSatisfying(ErrorPacket.class, e -> assertThat(e.code()).isEqualTo(8));
        assertPlainRetry();
        assertThat(received.get(3)).isEqualTo(Data.of(1, CONTENT));
    }
}
