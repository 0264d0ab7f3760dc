package netdisk.tests.services;

import static netdisk.tests.services.EndToEndTransfersTest.codeOf;
import static netdisk.tests.services.RunningServer.OTHER_LOOPBACK;
import static netdisk.tests.services.RunningServer.passwordOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import netdisk.services.client.ControlException;
import netdisk.services.client.DownloadOptions;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.TransferException;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.UdpTransfers;
import netdisk.services.client.UploadOptions;
import netdisk.services.client.Via;
import netdisk.testkit.MutableClock;
import netdisk.testkit.TestData;
import netdisk.tests.services.EndToEndTransfersTest.ControlCall;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.transfer.TransferFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what, against the real server: wrong passwords and unknown users look the same,
 * expired, foreign and revoked tokens are refused on the control channel, the TCP data path and
 * UDP alike, repeated failures are throttled, and anonymous UDP sees the public folder only.
 */
@Timeout(120)
class AuthenticationEndToEndTest {

    @TempDir
    Path dir;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start() throws IOException {
        server = RunningServer.start(dir.resolve("data"));
    }

    /** alice with one file, {@code f.bin}; returns her token (logged in from 127.0.0.1). */
    private String aliceWithAFile(byte[] content) throws IOException {
        String token = server.registerAndLogin("alice");
        TestData.write(server.userFolder("alice").resolve("f.bin"), content);
        return token;
    }

    // ------------------------------------------------------------------ passwords

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws IOException {
        start();
        server.registerAndLogin("alice");
        try (NetdiskClient client = server.client()) {
            ControlException wrong = catchThrowableOfType(ControlException.class,
                    () -> client.login("alice", "not-her-password".toCharArray()));
            ControlException unknown = catchThrowableOfType(ControlException.class,
                    () -> client.login("mallory", "not-her-password".toCharArray()));
            ControlException wrongCase = catchThrowableOfType(ControlException.class,
                    () -> client.login("alice", new String(passwordOf("alice")).toUpperCase().toCharArray()));

            assertThat(wrong.code()).isEqualTo("AUTH_FAILED");
            assertThat(unknown.code()).isEqualTo("AUTH_FAILED");
            assertThat(wrongCase.code()).isEqualTo("AUTH_FAILED");
            assertThat(unknown.getMessage()).isEqualTo(wrong.getMessage());
            assertThat(wrong.getMessage()).doesNotContain("not-her-password").doesNotContainIgnoringCase("alice");
            // The connection stays usable, and the right password still works (2 failures < 5).
            assertThat(client.login("alice", passwordOf("alice")).user()).isEqualTo("alice");
        }
    }

    @Test
    void noPasswordAppearsInTheServersLogOrItsErrorMessages() throws IOException {
        start();
        String password = "pw typed in the wrong field #42"; // not a valid user name
        PrintStream realErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (NetdiskClient client = server.client()) {
            client.register("alice", password.toCharArray());
            client.login("alice", password.toCharArray());
            // People type their password into the name field, or mistype it.
            for (ControlCall call : List.<ControlCall>of(
                    () -> client.login(password, password.toCharArray()),
                    () -> client.login("alice", (password + "x").toCharArray()),
                    () -> client.register(password, password.toCharArray()),
                    () -> client.register("bob", "short".toCharArray()),
                    () -> client.register("alice", password.toCharArray()))) {
                messages.add(catchThrowableOfType(ControlException.class, call::run).getMessage());
            }
        } finally {
            System.setErr(realErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("alice"); // the log was captured
        assertThat(logged).doesNotContain(password).doesNotContain("short");
        assertThat(messages).hasSize(5).allSatisfy(m -> assertThat(m).doesNotContain(password));
    }

    @Test
    void aRestartLogsEveryoneOutButKeepsTheAccounts() throws IOException {
        start();
        byte[] content = TestData.randomBytes(3000, 10);
        String token = aliceWithAFile(content);

        server.restart();

        try (NetdiskClient client = server.client()) {
            assertThat(codeOf(() -> client.list(token))).isEqualTo("TOKEN_INVALID");
            assertRefusedOverUdp(() -> new UdpTransfers().get(server.udpAddress(), token, "f.bin",
                    dir.resolve("got.bin"), DownloadOptions.unverified(), null));
            // Names are case-insensitive: the account is found however it is typed.
            String fresh = client.login("ALICE", passwordOf("alice")).token();
            assertThat(client.list(fresh)).extracting(r -> r.name()).containsExactly("f.bin");
        }
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void anExpiredTokenIsRefusedOnEveryPath() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
        server = RunningServer.start(dir.resolve("data"), config -> config.withAccounts(
                RunningServer.fastAccounts().withTokenLifetime(Duration.ofMinutes(10)).withClock(clock)));
        byte[] content = TestData.randomBytes(5000, 1);
        String token = aliceWithAFile(content);
        Path upload = TestData.write(dir.resolve("up.bin"), TestData.randomBytes(3000, 2));
        try (NetdiskClient client = server.client()) {
            clock.advance(Duration.ofMinutes(9));
            assertThat(client.list(token)).hasSize(1); // still valid just before

            clock.advance(Duration.ofMinutes(2));

            assertTokenRefusedEverywhere(client, token, upload);
        }
        assertThat(Files.readAllBytes(server.userFolder("alice").resolve("f.bin"))).isEqualTo(content);
        assertThat(Folders.names(server.userFolder("alice"))).containsExactly("f.bin");
    }

    @Test
    void logoutRevokesTheTokenOnEveryPath() throws IOException {
        start();
        byte[] content = TestData.randomBytes(5000, 3);
        String token = aliceWithAFile(content);
        Path upload = TestData.write(dir.resolve("up.bin"), TestData.randomBytes(3000, 4));
        try (NetdiskClient client = server.client()) {
            String other = client.login("alice", passwordOf("alice")).token();
            assertThat(client.list(token)).hasSize(1);

            client.logout(token);

            assertTokenRefusedEverywhere(client, token, upload);
            // Only that session ended: her other login still works.
            assertThat(client.list(other)).hasSize(1);
        }
        assertThat(Files.readAllBytes(server.userFolder("alice").resolve("f.bin"))).isEqualTo(content);
    }

    /** Control (ls, stat, rm, download, upload) answers TOKEN_INVALID; UDP get and put get ERROR 2. */
    private void assertTokenRefusedEverywhere(NetdiskClient client, String token, Path upload) throws IOException {
        assertThat(codeOf(() -> client.list(token))).isEqualTo("TOKEN_INVALID");
        assertThat(codeOf(() -> client.stat(token, "f.bin"))).isEqualTo("TOKEN_INVALID");
        assertThat(codeOf(() -> client.remove(token, "f.bin"))).isEqualTo("TOKEN_INVALID");
        try (NetdiskClient tcp = server.client()) {
            assertThat(codeOf(() -> tcp.get(token, "f.bin", dir.resolve("got.bin"), TransferSettings.defaults()
                    .via(Via.TCP), null))).isEqualTo("TOKEN_INVALID");
        }
        try (NetdiskClient tcp = server.client()) {
            assertThat(codeOf(() -> tcp.put(token, upload, "f.bin", TransferSettings.defaults().via(Via.TCP), null)))
                    .isEqualTo("TOKEN_INVALID");
        }
        try (RawControl raw = RawControl.connect(RunningServer.LOOPBACK, server.controlAddress())) {
            assertThat(RawControl.codeOf(raw.call("download", "token", token, "name", "f.bin", "offset", 0)))
                    .isEqualTo("TOKEN_INVALID");
            assertThat(RawControl.codeOf(raw.call("upload", "token", token, "name", "f.bin", "size", 10)))
                    .isEqualTo("TOKEN_INVALID");
        }
        UdpTransfers udp = new UdpTransfers();
        assertRefusedOverUdp(() -> udp.get(server.udpAddress(), token, "f.bin", dir.resolve("got.bin"),
                DownloadOptions.unverified(), null));
        assertRefusedOverUdp(() -> udp.put(server.udpAddress(), token, upload, "f.bin", UploadOptions.defaults(), null));
        assertThat(dir.resolve("got.bin")).doesNotExist();
    }

    @Test
    void aTokenUsedFromAnotherAddressIsRefusedOverUdpAndTcp() throws IOException {
        start();
        byte[] content = TestData.randomBytes(5000, 5);
        String token = aliceWithAFile(content); // logged in from 127.0.0.1
        Path upload = TestData.write(dir.resolve("up.bin"), TestData.randomBytes(3000, 6));

        // UDP from 127.0.0.2.
        UdpTransfers foreign = new UdpTransfers(ForeignPorts.boundTo(OTHER_LOOPBACK), () -> false);
        assertRefusedOverUdp(() -> foreign.get(server.udpAddress(), token, "f.bin", dir.resolve("got.bin"),
                DownloadOptions.unverified(), null));
        assertRefusedOverUdp(() -> foreign.put(server.udpAddress(), token, upload, "f.bin", UploadOptions.defaults(),
                null));

        // TCP from 127.0.0.2: every operation that takes a token.
        try (RawControl raw = RawControl.connect(OTHER_LOOPBACK, server.controlAddress())) {
            assertThat(RawControl.codeOf(raw.call("ls", "token", token))).isEqualTo("TOKEN_INVALID");
            assertThat(RawControl.codeOf(raw.call("stat", "token", token, "name", "f.bin"))).isEqualTo("TOKEN_INVALID");
            assertThat(RawControl.codeOf(raw.call("download", "token", token, "name", "f.bin", "offset", 0)))
                    .isEqualTo("TOKEN_INVALID");
            assertThat(RawControl.codeOf(raw.call("upload", "token", token, "name", "f.bin", "size", 10)))
                    .isEqualTo("TOKEN_INVALID");
            assertThat(RawControl.codeOf(raw.call("rm", "token", token, "name", "f.bin"))).isEqualTo("TOKEN_INVALID");
            // Nor can it be revoked from there: logout answers ok and changes nothing.
            assertThat(RawControl.codeOf(raw.call("logout", "token", token))).isEqualTo("ok");
        }
        assertThat(Files.readAllBytes(server.userFolder("alice").resolve("f.bin"))).isEqualTo(content);
        assertThat(dir.resolve("got.bin")).doesNotExist();

        // The same token from 127.0.0.1, by the same raw means and over UDP: accepted (the
        // refusals above are about the address, not the way of asking).
        try (RawControl raw = RawControl.connect(RunningServer.LOOPBACK, server.controlAddress())) {
            JsonNode listing = raw.call("ls", "token", token);
            assertThat(RawControl.codeOf(listing)).isEqualTo("ok");
            assertThat(listing.path("files").get(0).path("name").asText()).isEqualTo("f.bin");
        }
        new UdpTransfers(DatagramPortFactory.udp(), () -> false).get(server.udpAddress(), token, "f.bin",
                dir.resolve("got.bin"), DownloadOptions.unverified(), null);
        assertThat(Files.readAllBytes(dir.resolve("got.bin"))).isEqualTo(content);
    }

    /** The transfer fails with the server's ERROR 2 "invalid or expired session", before any data. */
    private static void assertRefusedOverUdp(ThrowingCallable transfer) {
        TransferException e = catchThrowableOfType(TransferException.class, transfer);
        assertThat(e).as("a TFTP error from the server").isNotNull();
        assertThat(e.failure().kind()).isEqualTo(TransferFailure.Kind.REMOTE_ERROR);
        assertThat(e.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
        assertThat(e.failure().message()).contains("session");
        assertThat(e.statistics().blocks()).isZero();
    }

    // ------------------------------------------------------------------ throttling

    @Test
    void fiveWrongPasswordsThrottleTheNameAtThatAddressWithRetryAfter() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
        server = RunningServer.start(dir.resolve("data"),
                config -> config.withAccounts(RunningServer.fastAccounts().withClock(clock)));
        server.registerAndLogin("alice");
        try (NetdiskClient client = server.client()) {
            for (int i = 0; i < 5; i++) {
                assertThat(codeOf(() -> client.login("alice", "wrong-password".toCharArray())))
                        .as("attempt %d", i + 1).isEqualTo("AUTH_FAILED");
            }

            // Locked now, even for the right password, and the wait is announced.
            ControlException throttled = catchThrowableOfType(ControlException.class,
                    () -> client.login("alice", passwordOf("alice")));
            assertThat(throttled.code()).isEqualTo("THROTTLED");
            assertThat(throttled.retryAfter()).hasValueSatisfying(wait ->
                    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));

            // From another address the owner is not locked out (hardening finding 7): the name is
            // locked only together with the address that failed.
            try (RawControl other = RawControl.connect(OTHER_LOOPBACK, server.controlAddress())) {
                JsonNode answer = other.call("login", "name", "alice", "password", new String(passwordOf("alice")));
                assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isTrue();
            }

            clock.advance(throttled.retryAfter().orElseThrow());
            assertThat(client.login("alice", passwordOf("alice")).user()).isEqualTo("alice");
        }
    }

    @Test
    void fiveFailuresFromOneAddressThrottleThatAddressOnly() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
        server = RunningServer.start(dir.resolve("data"),
                config -> config.withAccounts(RunningServer.fastAccounts().withClock(clock)));
        server.registerAndLogin("alice");
        try (RawControl attacker = RawControl.connect(OTHER_LOOPBACK, server.controlAddress())) {
            for (int i = 0; i < 5; i++) {
                // Five different names: no name reaches five failures, the address does.
                assertThat(RawControl.codeOf(attacker.call("login", "name", "guess" + i, "password", "password123")))
                        .isEqualTo("AUTH_FAILED");
            }
            JsonNode answer = attacker.call("login", "name", "alice", "password", new String(passwordOf("alice")));
            assertThat(RawControl.codeOf(answer)).isEqualTo("THROTTLED");
            assertThat(answer.path("error").path("retryAfterMs").asLong()).isPositive();
        }
        try (NetdiskClient client = server.client()) {
            assertThat(client.login("alice", passwordOf("alice")).user()).isEqualTo("alice");
        }
    }

    // ------------------------------------------------------------------ anonymous

    @Test
    void anonymousUdpReadsThePublicFolderOnlyAndCannotWrite() throws IOException {
        start();
        byte[] shared = TestData.randomBytes(4000, 7);
        TestData.write(server.publicFolder().resolve("readme.bin"), shared);
        byte[] private_ = TestData.randomBytes(4000, 8);
        server.registerAndLogin("alice");
        TestData.write(server.userFolder("alice").resolve("private.bin"), private_);
        Path upload = TestData.write(dir.resolve("up.bin"), TestData.randomBytes(1000, 9));
        UdpTransfers anonymous = new UdpTransfers();

        anonymous.get(server.udpAddress(), null, "readme.bin", dir.resolve("readme.bin"), DownloadOptions.unverified(),
                null);
        assertThat(Files.readAllBytes(dir.resolve("readme.bin"))).isEqualTo(shared);

        TransferException missing = catchThrowableOfType(TransferException.class, () -> anonymous.get(server.udpAddress(),
                null, "private.bin", dir.resolve("private.bin"), DownloadOptions.unverified(), null));
        assertThat(missing.failure().code()).isEqualTo(ErrorCode.FILE_NOT_FOUND.code());
        TransferException outside = catchThrowableOfType(TransferException.class, () -> anonymous.get(server.udpAddress(),
                null, "../users/alice/private.bin", dir.resolve("private.bin"), DownloadOptions.unverified(), null));
        assertThat(outside.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
        assertThat(dir.resolve("private.bin")).doesNotExist();

        for (String name : new String[] {"new.bin", "readme.bin"}) {
            TransferException write = catchThrowableOfType(TransferException.class, () -> anonymous.put(server.udpAddress(),
                    null, upload, name, UploadOptions.defaults(), null));
            assertThat(write.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
            assertThat(write.statistics().blocks()).isZero();
        }
        assertThat(Folders.names(server.publicFolder())).containsExactly("readme.bin");
        assertThat(Files.readAllBytes(server.publicFolder().resolve("readme.bin"))).isEqualTo(shared);
    }
}
