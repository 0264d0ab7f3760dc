package netdisk.tests.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferResult;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.io.ForwardingDatagramPort;
import netdisk.udp.server.TransferReport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A send the kernel refuses — as a local firewall does with EPERM, one datagram in twenty here
 * — is a lost datagram: the transfer goes on, counts it, and the file arrives whole. Before,
 * the second refused send ended the transfer with "network error: Operation not permitted".
 */
@Timeout(60)
class SendFailuresTest {

    @TempDir
    Path dir;

    /** Ports whose sends fail with the firewall's error now and then (seeded). */
    static final class RefusingPorts implements DatagramPortFactory {
        final AtomicLong refused = new AtomicLong();
        private final Random random = new Random(42);
        private final double share;

        RefusingPorts(double share) {
            this.share = share;
        }

        @Override
        public DatagramPort open(InetSocketAddress local) throws IOException {
            DatagramPort real = DatagramPortFactory.udp().open(local);
            return new ForwardingDatagramPort(real) {
                @Override
                public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
                    boolean refuse;
                    synchronized (random) {
                        refuse = random.nextDouble() < share;
                    }
                    if (refuse) {
                        refused.incrementAndGet();
                        throw new IOException("Operation not permitted");
                    }
                    delegate.send(datagram, target);
                }
            };
        }
    }

    @ParameterizedTest(name = "flow mode {0}")
    @ValueSource(booleans = {false, true})
    void aDownloadWhoseServerCannotSendOneDatagramInTwentyCompletes(boolean flow) throws Exception {
        RefusingPorts refusing = new RefusingPorts(0.05);
        Path root = dir.resolve("root");
        Path served = TestData.randomFile(root.resolve("served.bin"), 700_000, 5);
        try (TestServer server = TestServer.start(root, false, b -> b.transferPorts(refusing))) {
            Path got = dir.resolve("got.bin");
            TransferResult result = new TftpClient().get(server.address(), "served.bin", got,
                    EndToEnd.WINDOWED.withFlowMode(flow));
            server.awaitIdle(java.time.Duration.ofSeconds(5));

            assertThat(Digests.sha256(got)).isEqualTo(Digests.sha256(served));
            assertThat(refusing.refused.get()).as("sends refused").isPositive();
            TransferReport report = server.reports.getFirst();
            assertThat(report.succeeded()).isTrue();
            assertThat(report.statistics().sendFailures()).isEqualTo(refusing.refused.get());
        }
    }

    @ParameterizedTest(name = "flow mode {0}")
    @ValueSource(booleans = {false, true})
    void anUploadWhoseClientCannotSendOneDatagramInTwentyCompletes(boolean flow) throws Exception {
        RefusingPorts refusing = new RefusingPorts(0.05);
        Path root = dir.resolve("root");
        java.nio.file.Files.createDirectories(root);
        Path source = TestData.randomFile(dir.resolve("source.bin"), 700_000, 6);
        try (TestServer server = TestServer.start(root, true)) {
            TransferResult result = new TftpClient(refusing, () -> false).put(server.address(), source, "up.bin",
                    EndToEnd.WINDOWED.withFlowMode(flow));
            server.awaitIdle(java.time.Duration.ofSeconds(5));

            assertThat(Digests.sha256(root.resolve("up.bin"))).isEqualTo(Digests.sha256(source));
            assertThat(result.statistics().sendFailures()).isPositive().isEqualTo(refusing.refused.get());
        }
    }
}
