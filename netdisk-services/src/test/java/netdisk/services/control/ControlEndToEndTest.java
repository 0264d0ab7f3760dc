package netdisk.services.control;

import static netdisk.testkit.Digests.sha256;
import static netdisk.testkit.TestData.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import netdisk.services.client.ControlClient;
import netdisk.services.client.ControlException;
import netdisk.services.client.LoginResult;
import netdisk.services.client.RemoteFile;
import netdisk.services.client.RemoteFileStat;
import netdisk.services.client.TcpDownload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation through ControlClient against a real ControlServer on loopback. */
class ControlEndToEndTest {

    @TempDir
    Path dir;

    ControlFixture fx;

    @BeforeEach
    void start() throws IOException {
        fx = new ControlFixture(dir.resolve("data"), b -> b.quota(user -> user.equals("small")
                ? java.util.OptionalLong.of(1000) : java.util.OptionalLong.empty()));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void helloAnnouncesVersionUdpPortAndLimits() throws IOException {
        try (ControlClient c = fx.client()) {
            assertThat(c.serverInfo().version()).isEqualTo(1);
            assertThat(c.serverInfo().server()).isEqualTo("netdisk/0.1");
            assertThat(c.serverInfo().udpPort()).isEqualTo(16969);
            assertThat(c.serverInfo().maxFrame()).isEqualTo(1 << 20);
            assertThat(c.serverInfo().minPasswordLength()).isEqualTo(8);
        }
    }

    @Test
    void registersLogsInListsStatsRemovesAndLogsOut() throws IOException {
        try (ControlClient c = fx.client()) {
            assertThat(c.register("alice", ControlFixture.PASSWORD.toCharArray())).isEqualTo("alice");
            LoginResult login = c.login("alice", ControlFixture.PASSWORD);
            assertThat(login.user()).isEqualTo("alice");
            assertThat(login.token()).hasSizeGreaterThanOrEqualTo(22);
            assertThat(login.toString()).doesNotContain(login.token());
            String token = login.token();
            assertThat(c.ls(token)).isEmpty();

            Files.writeString(fx.home("alice").resolve("b.txt"), "hello");
            Files.writeString(fx.home("alice").resolve("a.txt"), "");
            List<RemoteFile> files = c.ls(token);
            assertThat(files).extracting(RemoteFile::name).containsExactly("a.txt", "b.txt");
            assertThat(files.get(1).size()).isEqualTo(5);

            RemoteFileStat stat = c.stat(token, "b.txt");
            assertThat(stat.size()).isEqualTo(5);
            assertThat(stat.sha256()).isEqualTo(sha256("hello".getBytes()));
            assertThat(stat.modified()).isEqualTo(Files.getLastModifiedTime(fx.home("alice").resolve("b.txt")).toInstant());

            c.rm(token, "b.txt");
            assertThat(fx.home("alice").resolve("b.txt")).doesNotExist();
            assertThat(c.ls(token)).extracting(RemoteFile::name).containsExactly("a.txt");
            assertThat(code(() -> c.rm(token, "b.txt"))).isEqualTo("NOT_FOUND");
            assertThat(code(() -> c.stat(token, "b.txt"))).isEqualTo("NOT_FOUND");

            c.logout(token);
            assertThat(code(() -> c.ls(token))).isEqualTo("TOKEN_INVALID");
            c.logout(token); // unknown tokens are not an error
        }
    }

    @Test
    void passwdEndsTheSessionAndUnregisterEndsTheAccount() throws IOException {
        try (ControlClient c = fx.client()) {
            c.register("dora", ControlFixture.PASSWORD);
            String token = c.login("dora", ControlFixture.PASSWORD).token();

            assertThat(code(() -> c.passwd(token, "not the password", "a new password"))).isEqualTo("AUTH_FAILED");
            assertThat(code(() -> c.passwd(token, ControlFixture.PASSWORD, "short"))).isEqualTo("PASSWORD_INVALID");
            assertThat(code(() -> c.passwd("not-a-token", ControlFixture.PASSWORD, "a new password")))
                    .isEqualTo("TOKEN_INVALID");
            c.passwd(token, ControlFixture.PASSWORD, "a new password");
            assertThat(code(() -> c.ls(token))).as("the old session ended").isEqualTo("TOKEN_INVALID");
            assertThat(code(() -> c.login("dora", ControlFixture.PASSWORD))).isEqualTo("AUTH_FAILED");

            String again = c.login("dora", "a new password").token();
            assertThat(code(() -> c.unregister(again, ControlFixture.PASSWORD, false))).isEqualTo("AUTH_FAILED");
            c.unregister(again, "a new password", false);
            assertThat(code(() -> c.ls(again))).isEqualTo("TOKEN_INVALID");
            assertThat(code(() -> c.login("dora", "a new password"))).isEqualTo("AUTH_FAILED");
        }
    }

    @Test
    void registrationRefusalsCarryTheirCodesAndKeepTheConnection() throws IOException {
        try (ControlClient c = fx.client()) {
            c.register("Bob", ControlFixture.PASSWORD);
            assertThat(code(() -> c.register("bob", ControlFixture.PASSWORD))).isEqualTo("NAME_TAKEN");
            assertThat(code(() -> c.register("../x", ControlFixture.PASSWORD))).isEqualTo("NAME_INVALID");
            assertThat(code(() -> c.register("..", ControlFixture.PASSWORD))).isEqualTo("NAME_INVALID");
            assertThat(code(() -> c.register("carol", "short"))).isEqualTo("PASSWORD_INVALID");
            assertThat(c.register("carol", ControlFixture.PASSWORD)).isEqualTo("carol");
        }
    }

    @Test
    void wrongPasswordAndUnknownUserAreAuthFailedThenThrottledWithRetryAfter() throws IOException {
        fx.accounts.throttleAfter(2);
        try (ControlClient c = fx.client()) {
            c.register("dave", ControlFixture.PASSWORD);
            assertThat(code(() -> c.login("dave", "wrong password"))).isEqualTo("AUTH_FAILED");
            assertThat(code(() -> c.login("nobody", "whatever!"))).isEqualTo("AUTH_FAILED");
            assertThat(code(() -> c.login("dave", "wrong password"))).isEqualTo("AUTH_FAILED");
            ControlException e = (ControlException) catchThrown(() -> c.login("dave", ControlFixture.PASSWORD));
            assertThat(e.code()).isEqualTo("THROTTLED");
            assertThat(e.fromServer()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
        }
    }

    @Test
    void aForeignOrMadeUpTokenIsRefused() throws IOException {
        String token = fx.tokenFor("erin");
        try (ControlClient c = fx.client()) {
            assertThat(code(() -> c.ls("made-up"))).isEqualTo("TOKEN_INVALID");
            assertThat(c.ls(token)).isEmpty();
        }
        // The fake binds tokens to the address, as the real accounts do: the handler passes the peer's.
        assertThat(fx.accounts.authenticate(token, InetAddress.getByName("10.1.2.3"))).isEmpty();
    }

    @Test
    void uploadThenDownloadGivesIdenticalBytesWithProgress() throws IOException {
        String token = fx.tokenFor("frank");
        byte[] content = randomBytes(300_001, 300_001);
        Path local = Files.write(dir.resolve("up.bin"), content);
        try (ControlClient c = fx.client()) {
            List<Long> sent = new ArrayList<>();
            RemoteFileStat up = c.upload(token, "data.bin", local, sent::add);
            assertThat(up.name()).isEqualTo("data.bin");
            assertThat(up.size()).isEqualTo(content.length);
            assertThat(up.sha256()).isEqualTo(sha256(content));
            assertThat(sent).last().isEqualTo((long) content.length);
            assertThat(fx.home("frank").resolve("data.bin")).hasBinaryContent(content);
            assertThat(c.stat(token, "data.bin").sha256()).isEqualTo(up.sha256());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Long> received = new ArrayList<>();
            TcpDownload down = c.download(token, "data.bin", 0, out, received::add);
            assertThat(out.toByteArray()).isEqualTo(content);
            assertThat(down.size()).isEqualTo(content.length);
            assertThat(down.length()).isEqualTo(content.length);
            assertThat(down.modified()).isEqualTo(up.modified());
            assertThat(received).last().isEqualTo((long) content.length);
            // The connection is still in step after the raw bytes.
            assertThat(c.ls(token)).extracting(RemoteFile::name).containsExactly("data.bin");
            assertThat(noPartFiles(fx.home("frank"))).isTrue();
        }
    }

    @Test
    void uploadOverwritesAnExistingFile() throws IOException {
        String token = fx.tokenFor("gina");
        Files.writeString(fx.home("gina").resolve("f"), "old old old");
        try (ControlClient c = fx.client()) {
            c.upload(token, "f", Files.writeString(dir.resolve("new"), "new"), null);
            assertThat(fx.home("gina").resolve("f")).hasContent("new");
        }
    }

    @Test
    void emptyFileUploadsAndDownloads() throws IOException {
        String token = fx.tokenFor("hank");
        try (ControlClient c = fx.client()) {
            RemoteFileStat up = c.upload(token, "empty", Files.createFile(dir.resolve("e")), null);
            assertThat(up.size()).isZero();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(c.download(token, "empty", 0, out, null).length()).isZero();
            assertThat(c.ls(token)).hasSize(1);
        }
    }

    @Test
    void downloadFromAnOffsetGivesTheExactTail() throws IOException {
        String token = fx.tokenFor("ivy");
        byte[] content = randomBytes(200_000, 200_000);
        Files.write(fx.home("ivy").resolve("big"), content);
        try (ControlClient c = fx.client()) {
            for (long offset : new long[] {1, 65_536, 123_457, 199_999, 200_000}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                TcpDownload r = c.download(token, "big", offset, out, null);
                assertThat(r.offset()).isEqualTo(offset);
                assertThat(r.length()).isEqualTo(content.length - offset);
                assertThat(sha256(out.toByteArray()))
                        .isEqualTo(sha256(Arrays.copyOfRange(content, (int) offset, content.length)));
            }
            assertThat(code(() -> c.download(token, "big", 200_001, new ByteArrayOutputStream(), null)))
                    .isEqualTo("BAD_REQUEST");
            assertThat(c.ls(token)).hasSize(1); // a refused download keeps the connection
        }
    }

    @Test
    void uploadOverQuotaIsRefusedBeforeAnyByteAndLeavesTheOldFile() throws IOException {
        String token = fx.tokenFor("small");
        Files.write(fx.home("small").resolve("keep"), randomBytes(600, 600));
        Files.write(fx.home("small").resolve("f"), randomBytes(100, 100));
        byte[] old = Files.readAllBytes(fx.home("small").resolve("f"));
        try (ControlClient c = fx.client()) {
            // 600 used by others: 400 left for "f" (its own 100 bytes count as free).
            ControlException e = (ControlException) catchThrown(
                    () -> c.upload(token, "f", Files.write(dir.resolve("u"), randomBytes(401, 401)), null));
            assertThat(e.code()).isEqualTo("QUOTA_EXCEEDED");
            assertThat(fx.home("small").resolve("f")).hasBinaryContent(old);
            assertThat(noPartFiles(fx.home("small"))).isTrue();
            assertThat(c.upload(token, "f", Files.write(dir.resolve("u"), randomBytes(400, 400)), null).size()).isEqualTo(400);
        }
    }

    @Test
    void aBrokenUploadIsHeldAndContinuedAtAnOffsetToTheWholeFile() throws Exception {
        String token = fx.tokenFor("resumer");
        byte[] data = randomBytes(300_000, 31);
        Path local = Files.write(dir.resolve("big"), data);
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello().sendFrame("{\"op\":\"upload\",\"id\":2,\"token\":\"" + token
                    + "\",\"name\":\"big\",\"size\":300000}");
            assertThat(p.read().path("ready").asBoolean()).isTrue();
            p.send(Arrays.copyOf(data, 100_000));
        }
        fx.awaitNoConnections();
        try (ControlClient c = fx.client()) {
            assertThat(c.uploadStatus(token, "big", 300_001).bytes()).as("another size: nothing").isZero();
            var held = c.uploadStatus(token, "big", 300_000);
            assertThat(held.bytes()).isEqualTo(100_000);
            assertThat(held.sha256()).isEqualTo(sha256(Arrays.copyOf(data, 100_000)));
            assertThat(c.ls(token)).as("held uploads are not listed").isEmpty();

            ControlException beyond = (ControlException) catchThrown(() -> c.upload(token, "big", local, 100_001, null));
            assertThat(beyond.code()).isEqualTo("BAD_REQUEST");
            assertThat(beyond).hasMessageContaining("beyond the 100000 bytes held");
            ControlException nothing = (ControlException) catchThrown(() -> c.upload(token, "other", local, 5, null));
            assertThat(nothing.code()).isEqualTo("BAD_REQUEST");

            List<Long> sent = new ArrayList<>();
            RemoteFileStat stored = c.upload(token, "big", local, 65_536, sent::add);

            assertThat(stored.size()).isEqualTo(300_000);
            assertThat(stored.sha256()).as("of the whole file").isEqualTo(sha256(data));
            assertThat(sent.getLast()).isEqualTo(300_000 - 65_536);
            assertThat(fx.home("resumer").resolve("big")).hasBinaryContent(data);
            assertThat(noPartFiles(fx.home("resumer"))).isTrue();
            assertThat(c.uploadStatus(token, "big", 300_000).bytes()).as("completed: no longer held").isZero();
        }
    }

    @Test
    void uploadStatusChecksTheTokenAndTheName() throws IOException {
        String token = fx.tokenFor("checker");
        try (ControlClient c = fx.client()) {
            assertThat(((ControlException) catchThrown(() -> c.uploadStatus("made-up", "f", 1))).code())
                    .isEqualTo("TOKEN_INVALID");
            assertThat(((ControlException) catchThrown(() -> c.uploadStatus(token, "../x", 1))).code())
                    .isEqualTo("FILE_NAME_INVALID");
            assertThat(c.uploadStatus(token, "f", 1).bytes()).isZero();
        }
    }

    @Test
    void connectionRefusedNamesTheAddress() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", port);
        assertThatThrownBy(() -> ControlClient.connect(nowhere, Duration.ofSeconds(2)))
                .isInstanceOf(ControlException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("refused")
                .satisfies(t -> assertThat(((ControlException) t).code()).isEqualTo(ControlException.CONNECT_FAILED));
    }

    @Test
    void closeStopsAcceptingAndEndsConnections() throws IOException, InterruptedException {
        ControlClient c = fx.client();
        fx.server.close();
        assertThat(fx.server.activeConnections()).isZero();
        assertThatThrownBy(() -> c.ls("x")).isInstanceOf(ControlException.class);
        assertThatThrownBy(() -> ControlClient.connect(fx.address(), Duration.ofSeconds(2)))
                .isInstanceOf(ControlException.class);
        c.close();
    }

    // ---------------------------------------------------------------- helpers

    interface Call {
        void run() throws IOException;
    }

    static Throwable catchThrown(Call call) {
        try {
            call.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a ControlException");
    }

    static String code(Call call) {
        Throwable t = catchThrown(call);
        assertThat(t).isInstanceOf(ControlException.class);
        return ((ControlException) t).code();
    }

    static boolean noPartFiles(Path folder) throws IOException {
        return partFiles(folder) == 0;
    }

    static long partFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        }
    }
}
