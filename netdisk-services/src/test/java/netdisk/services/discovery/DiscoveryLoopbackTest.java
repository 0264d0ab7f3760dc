package netdisk.services.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.services.wire.ControlProtocol;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server on an ephemeral port, asked over loopback only (never a broadcast: the test
 * sends to 127.0.0.1 and ::1): it answers on both families as the name it was given, and with
 * discovery off it is silent while TFTP goes on as before.
 */
class DiscoveryLoopbackTest {

    private static final InetAddress V4 = address("127.0.0.1");
    private static final InetAddress V6 = address("::1");

    @TempDir
    Path dir;

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private NetdiskServerConfig config(DiscoverySettings discovery) {
        return NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(NetdiskServerConfig.defaults(dir).host(), 0) // the wildcard: both families
                .withAccounts(AccountSettings.defaults().withIterations(1_000))
                .withDiscovery(discovery);
    }

    private static Discovery.Result ask(int port, List<InetAddress> to) throws IOException {
        return Discovery.run(new Discovery.Request(port, Duration.ofMillis(400), to));
    }

    @Test
    void aServerIsFoundOverIpv4AndIpv6LoopbackAsOneServerWithBothAddresses() throws Exception {
        Assumptions.assumeTrue(canBind(V6), "IPv6 loopback (::1) is not configured here: skipping");
        try (NetdiskServer server = NetdiskServer.start(config(DiscoverySettings.defaults().withName("büro-nas")
                .withVersion("9.8.7")))) {
            int port = server.udpAddress().getPort();
            Discovery.Result result = ask(port, List.of(V6, V4));
            assertThat(result.servers()).hasSize(1);
            DiscoveredServer found = result.servers().getFirst();
            assertThat(found.name()).isEqualTo("büro-nas");
            assertThat(found.port()).isEqualTo(port);
            assertThat(found.protocol()).isEqualTo(ControlProtocol.VERSION);
            assertThat(found.publicFolder()).isTrue();
            assertThat(found.version()).isEqualTo("9.8.7");
            assertThat(found.id()).isEqualTo(server.discovery().orElseThrow().id());
            assertThat(found.addresses()).as("IPv4 first").containsExactly(V4, V6);
            assertThat(result.named("BÜRO-NAS")).containsExactly(found);
            assertThat(result.named("nas")).isEmpty();

            assertThat(ask(port, List.of(V6)).servers()).singleElement()
                    .satisfies(s -> assertThat(s.addresses()).containsExactly(V6));
        }
    }

    @Test
    void withDiscoveryOffTheQuestionGetsSilenceAndTftpIsServedAsBefore() throws Exception {
        try (NetdiskServer server = NetdiskServer.start(config(DiscoverySettings.defaults().withEnabled(false)))) {
            Files.writeString(server.publicFolder().resolve("hello.txt"), "still served");
            int port = server.udpAddress().getPort();
            assertThat(ask(port, List.of(V4)).servers()).isEmpty();
            assertThat(server.discovery()).isEmpty();
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(V4, 0))) {
                socket.setSoTimeout(300);
                byte[] q = DiscoveryCodec.encode(DiscoveryQuestion.padded(1));
                socket.send(new DatagramPacket(q, q.length, new InetSocketAddress(V4, port)));
                byte[] in = new byte[1024];
                boolean silent;
                try {
                    socket.receive(new DatagramPacket(in, in.length));
                    silent = false;
                } catch (SocketTimeoutException e) {
                    silent = true;
                }
                assertThat(silent).as("no answer and no TFTP ERROR either").isTrue();
            }
            Path copy = dir.resolve("copy.txt");
            new TftpClient().get(new InetSocketAddress(V4, port), "hello.txt", copy, TransferOptions.defaults());
            assertThat(copy).hasContent("still served");
        }
    }

    private static boolean canBind(InetAddress address) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
