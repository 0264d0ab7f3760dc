package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.io.ForwardingDatagramPort;
import netdisk.udp.packet.FlowDone;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.PacketCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that stops does not wait for a transfer that is only dallying: a flow upload whose
 * FLOW_DONE was lost dallies for seconds, its file already stored.
 */
class ShutdownWithADallyTest {

    @TempDir
    Path dir;

    @Test
    void aDallyingUploadEndsAtOnceAsTheSuccessItIs() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        byte[] content = new byte[300_000];
        new Random(82).nextBytes(content);
        Path local = Files.write(dir.resolve("up.bin"), content);
        List<TransferReport> reports = new CopyOnWriteArrayList<>();
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .shutdownGrace(Duration.ofSeconds(5)).listener(reports::add).build();
        TftpServer server = TftpServer.start(config);
        try {
            new TftpClient(LosesFlowDone::open, () -> false).put(server.localAddress(), local, "up.bin",
                    TransferOptions.defaults().withFlowMode(true));
            assertThat(root.resolve("up.bin")).hasBinaryContent(content);
        } finally {
            long start = System.nanoTime();
            server.close();
            long closeMillis = (System.nanoTime() - start) / 1_000_000;
            // The upload's receiver was dallying (about 3 s on loopback without FLOW_DONE).
            assertThat(closeMillis).as("close took, ms").isLessThan(1_000);
        }
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).succeeded()).as("report: %s", reports.get(0)).isTrue();
    }

    /** A real port whose FLOW_DONE datagrams are lost on their way out. */
    private static final class LosesFlowDone extends ForwardingDatagramPort {
        private LosesFlowDone(DatagramPort real) {
            super(real);
        }

        static DatagramPort open(InetSocketAddress local) throws IOException {
            return new LosesFlowDone(DatagramPortFactory.udp().open(local));
        }

        @Override
        public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
            try {
                if (PacketCodec.decode(datagram.duplicate()) instanceof FlowDone) {
                    datagram.position(datagram.limit());
                    return;
                }
            } catch (MalformedPacketException e) {
                throw new AssertionError(e);
            }
            super.send(datagram, target);
        }
    }
}
