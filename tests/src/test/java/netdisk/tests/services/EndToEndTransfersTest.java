package netdisk.tests.services;

import static netdisk.tests.services.RunningServer.passwordOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.services.client.ControlException;
import netdisk.services.client.LoginResult;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.RemoteFile;
import netdisk.services.client.RemoteFileStat;
import netdisk.services.client.StartedFrom;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.TransferSummary;
import netdisk.services.client.Via;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user's whole session against the real server over loopback sockets: register, log in, list,
 * upload, download, remove, log out; over UDP (TFTP with the session token) and over TCP (the
 * control channel's data path), which must give the same bytes for the same file.
 */
@Timeout(120)
class EndToEndTransfersTest {

    /** Lockstep-free but small blocks, so 511/512/513 fall on either side of a block boundary. */
    private static final TransferSettings UDP_512 = new TransferSettings(Via.UDP, 512, 16);
    private static final TransferSettings TCP = TransferSettings.defaults().via(Via.TCP);

    @TempDir
    Path dir;

    private RunningServer server;

    @BeforeEach
    void start() throws IOException {
        server = RunningServer.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void registerLoginListPutGetRemoveLogout(Via via) throws IOException {
        TransferSettings settings = TransferSettings.defaults().via(via);
        byte[] content = TestData.randomBytes(300_000, 1);
        Path local = TestData.write(dir.resolve("holiday.bin"), content);
        try (NetdiskClient client = server.client()) {
            assertThat(client.register("alice", passwordOf("alice"))).isEqualTo("alice");
            assertThat(server.userFolder("alice")).isEmptyDirectory();
            LoginResult login = client.login("alice", passwordOf("alice"));
            assertThat(login.user()).isEqualTo("alice");
            String token = login.token();
            assertThat(client.list(token)).isEmpty();

            TransferSummary put = client.put(token, local, "holiday.bin", settings, null);

            assertThat(put.sha256()).isEqualTo(Digests.sha256(content));
            assertThat(Digests.sha256(server.userFolder("alice").resolve("holiday.bin")))
                    .isEqualTo(Digests.sha256(content));
            assertThat(client.list(token)).extracting(RemoteFile::name, RemoteFile::size)
                    .containsExactly(tuple("holiday.bin", 300_000L));
            RemoteFileStat stat = client.stat(token, "holiday.bin");
            assertThat(stat.size()).isEqualTo(300_000L);
            assertThat(stat.sha256()).isEqualTo(Digests.sha256(content));

            Path copy = dir.resolve("copy.bin");
            TransferSummary get = client.get(token, "holiday.bin", copy, settings, null);

            assertThat(get.startedFrom()).isEqualTo(StartedFrom.FRESH);
            assertThat(get.moved()).isEqualTo(300_000L);
            assertThat(Digests.sha256(copy)).isEqualTo(Digests.sha256(content));

            client.remove(token, "holiday.bin");
            assertThat(client.list(token)).isEmpty();
            assertThat(Folders.names(server.userFolder("alice"))).isEmpty();
            assertThat(codeOf(() -> client.stat(token, "holiday.bin"))).isEqualTo("NOT_FOUND");

            client.logout(token);
            assertThat(codeOf(() -> client.list(token))).isEqualTo("TOKEN_INVALID");
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 511, 512, 513, (1 << 20) + 7})
    void udpAndTcpGiveIdenticalBytesForTheSameFile(int size) throws IOException {
        byte[] content = TestData.randomBytes(size, size);
        String digest = Digests.sha256(content);
        Path local = TestData.write(dir.resolve("source.bin"), content);
        String token = server.registerAndLogin("bob");
        try (NetdiskClient client = server.client()) {
            client.put(token, local, "by-udp.bin", UDP_512, null);
            client.put(token, local, "by-tcp.bin", TCP, null);
            assertThat(Digests.sha256(server.userFolder("bob").resolve("by-udp.bin"))).isEqualTo(digest);
            assertThat(Digests.sha256(server.userFolder("bob").resolve("by-tcp.bin"))).isEqualTo(digest);
            assertThat(client.list(token)).extracting(RemoteFile::name, RemoteFile::size)
                    .containsExactly(tuple("by-tcp.bin", (long) size), tuple("by-udp.bin", (long) size));

            // Every upload path crossed with every download path.
            for (String remote : new String[] {"by-udp.bin", "by-tcp.bin"}) {
                for (TransferSettings settings : new TransferSettings[] {UDP_512, TCP}) {
                    Path copy = dir.resolve(remote + "." + settings.via() + ".copy");
                    TransferSummary get = client.get(token, remote, copy, settings, null);
                    assertThat(get.sha256()).as("%s over %s", remote, settings.via()).isEqualTo(digest);
                    assertThat(get.moved()).isEqualTo(size);
                    assertThat(Digests.sha256(copy)).as("%s over %s", remote, settings.via()).isEqualTo(digest);
                    assertThat(Files.size(copy)).isEqualTo(size);
                }
            }
        }
        // No part files or sidecars left next to the copies.
        assertThat(Folders.names(dir)).containsExactlyInAnyOrder("data", "source.bin",
                "by-udp.bin.UDP.copy", "by-udp.bin.TCP.copy", "by-tcp.bin.UDP.copy", "by-tcp.bin.TCP.copy");
    }

    /** The error code of a control call that must fail. */
    static String codeOf(ControlCall call) {
        try {
            call.run();
        } catch (ControlException e) {
            return e.code();
        } catch (IOException e) {
            throw new AssertionError("expected a ControlException, got " + e, e);
        }
        throw new AssertionError("expected the call to fail");
    }

    @FunctionalInterface
    interface ControlCall {
        void run() throws IOException;
    }
}
