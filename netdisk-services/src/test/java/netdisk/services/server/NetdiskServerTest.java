package netdisk.services.server;

import static netdisk.testkit.Digests.sha256;
import static netdisk.testkit.TestData.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netdisk.services.ServedTransfer;
import netdisk.services.ServedTransfer.Direction;
import netdisk.services.ServedTransfer.Transport;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.client.ControlException;
import netdisk.services.client.LoginResult;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.RemoteFile;
import netdisk.services.client.StartedFrom;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.TransferSummary;
import netdisk.services.client.Via;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole server in one process, driven through the client API over real loopback sockets. */
class NetdiskServerTest {

    @TempDir
    Path dir;

    private NetdiskServer server;

    @BeforeEach
    void start() throws IOException {
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void udpAndTcpShareOnePortNumberAndTheDataFolderHasItsLayout() {
        assertThat(server.controlAddress().getPort()).isEqualTo(server.udpAddress().getPort());
        assertThat(dir.resolve("data/users")).isDirectory();
        assertThat(dir.resolve("data/public")).isDirectory();
        assertThat(dir.resolve("data/users.xlsx")).isRegularFile();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void registerLoginPutListGetRemove(Via via) throws IOException {
        byte[] content = randomBytes(300_000, 7);
        Path local = Files.write(dir.resolve("up.bin"), content);
        try (NetdiskClient client = NetdiskClient.connect(server.controlAddress())) {
            client.register("alice", "correct horse".toCharArray());
            assertThat(dir.resolve("data/users/alice")).isDirectory();
            LoginResult login = client.login("alice", "correct horse".toCharArray());

            TransferSettings settings = TransferSettings.defaults().via(via);
            TransferSummary put = client.put(login.token(), local, "holiday.bin", settings, null);
            assertThat(put.sha256()).isEqualTo(sha256(content));
            assertThat(dir.resolve("data/users/alice/holiday.bin")).hasBinaryContent(content);
            assertThat(client.list(login.token())).extracting(RemoteFile::name, RemoteFile::size)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("holiday.bin", 300_000L));

            Path copy = dir.resolve("copy.bin");
            TransferSummary get = client.get(login.token(), "holiday.bin", copy, settings, null);
            assertThat(get.startedFrom()).isEqualTo(StartedFrom.FRESH);
            assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));

            client.remove(login.token(), "holiday.bin");
            assertThat(client.list(login.token())).isEmpty();
            client.logout(login.token());
            assertThatThrownBy(() -> client.list(login.token())).isInstanceOf(ControlException.class)
                    .hasMessageContaining("session");
        }
    }

    @Test
    void transfersOverBothPathsAreReportedAlikeWithUserAndName() throws IOException {
        var reports = new java.util.concurrent.LinkedBlockingQueue<ServedTransfer>();
        server.close();
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000))
                .withTransfers(reports::add));
        Path local = Files.write(dir.resolve("r.bin"), new byte[4321]);
        try (NetdiskClient client = NetdiskClient.connect(server.controlAddress())) {
            client.register("bob", "long enough".toCharArray());
            String token = client.login("bob", "long enough".toCharArray()).token();
            for (Via via : List.of(Via.TCP, Via.UDP)) {
                TransferSettings settings = TransferSettings.defaults().via(via);
                client.put(token, local, "r.bin", settings, null);
                client.get(token, "r.bin", dir.resolve("back-" + via + ".bin"), settings, null);
            }
        }
        // The server reports after its last byte is written; the client may be done a moment earlier.
        var seen = new java.util.ArrayList<ServedTransfer>();
        for (int i = 0; i < 4; i++) {
            seen.add(poll(reports));
        }
        assertThat(seen).extracting(ServedTransfer::transport, ServedTransfer::direction, ServedTransfer::file,
                ServedTransfer::bytes, ServedTransfer::succeeded).containsExactly(
                        tuple(Transport.TCP, Direction.PUT, "bob/r.bin", 4321L, true),
                        tuple(Transport.TCP, Direction.GET, "bob/r.bin", 4321L, true),
                        tuple(Transport.UDP, Direction.PUT, "bob/r.bin", 4321L, true),
                        tuple(Transport.UDP, Direction.GET, "bob/r.bin", 4321L, true));
        assertThat(seen).extracting(t -> t.udpStatistics().isPresent()).containsExactly(false, false, true, true);
    }

    /** Single-port mode through the config's UDP tuning: a user's UDP transfers, token and all, on one port. */
    @Test
    void aSinglePortServerCarriesAUsersUdpTransfers() throws IOException {
        server.close();
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000))
                .withUdp(udp -> udp.singlePort(true)));
        assertThat(server.singlePort()).isTrue();
        byte[] content = randomBytes(400_000, 8);
        Path local = Files.write(dir.resolve("s.bin"), content);
        try (NetdiskClient client = NetdiskClient.connect(server.controlAddress())) {
            client.register("dora", "long enough".toCharArray());
            String token = client.login("dora", "long enough".toCharArray()).token();
            TransferSettings udp = TransferSettings.defaults().via(Via.UDP);
            client.put(token, local, "s.bin", udp, null);
            Path copy = dir.resolve("s-copy.bin");
            client.get(token, "s.bin", copy, udp, null);
            assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
        }
        assertThat(dir.resolve("data/users/dora/s.bin")).hasBinaryContent(content);
    }

    @Test
    void aSecondServerOnTheSameDataFolderIsRefusedUntilTheFirstStops() throws IOException {
        NetdiskServerConfig again = NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000));
        assertThatThrownBy(() -> NetdiskServer.start(again)).isInstanceOf(IOException.class)
                .hasMessageContaining("another netdisk server").hasMessageContaining("--data");
        server.close();
        server = NetdiskServer.start(again); // the lock went with the first server
        assertThat(server.udpAddress().getPort()).isPositive();
    }

    @Test
    void aTakenPortIsReportedNotHalfStarted() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NetdiskServerConfig config = NetdiskServerConfig.defaults(dir.resolve("other"))
                    .withAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort())
                    .withAccounts(AccountSettings.defaults().withIterations(1_000));
            assertThatThrownBy(() -> NetdiskServer.start(config)).isInstanceOf(java.net.BindException.class)
                    .hasMessageContaining("TCP port " + taken.getLocalPort());
        }
    }

    private static <T> T poll(java.util.concurrent.BlockingQueue<T> queue) {
        try {
            T item = queue.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(item).as("a report within 10 s").isNotNull();
            return item;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The control connection idles while a UDP put runs; on a full server it may give its slot to
     * a newcomer (spec/control.md, "Limits"). The put still ends with its check of what was stored.
     */
    @Test
    void aUdpPutWhoseIdleControlConnectionGaveWayStillChecksWhatWasStored() throws Exception {
        server.close();
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000))
                .withControlLimits(netdisk.services.control.ControlLimits.defaults().withMaxConnections(2)));
        byte[] content = randomBytes(100_000, 11);
        Path local = Files.write(dir.resolve("up.bin"), content);
        try (NetdiskClient client = NetdiskClient.connect(server.controlAddress())) {
            client.register("erin", "correct horse".toCharArray());
            String token = client.login("erin", "correct horse".toCharArray()).token();
            // Two more hosts: the second finds every slot taken, and the client's connection,
            // idle the longest, gives way. The put's final stat then finds it closed.
            try (java.net.Socket other = helloFrom("127.0.0.2"); java.net.Socket another = helloFrom("127.0.0.3")) {
                TransferSummary put = client.put(token, local, "up.bin", TransferSettings.defaults(), null);
                assertThat(put.sha256()).isEqualTo(sha256(content));
            }
        }
        assertThat(dir.resolve("data/users/erin/up.bin")).hasBinaryContent(content);
    }

    /** A control connection from {@code local} that says hello and then waits. */
    private java.net.Socket helloFrom(String local) throws IOException {
        java.net.Socket socket = new java.net.Socket();
        socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(local), 0));
        socket.connect(server.controlAddress(), 5000);
        socket.setSoTimeout(5000);
        byte[] hello = "{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"test\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var out = new java.io.DataOutputStream(socket.getOutputStream());
        out.writeInt(hello.length);
        out.write(hello);
        out.flush();
        var in = new java.io.DataInputStream(socket.getInputStream());
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        assertThat(new String(answer, java.nio.charset.StandardCharsets.UTF_8)).contains("\"ok\":true");
        return socket;
    }
}
