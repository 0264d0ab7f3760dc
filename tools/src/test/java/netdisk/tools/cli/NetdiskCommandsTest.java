package netdisk.tools.cli;

import static netdisk.testkit.Digests.sha256;
import static netdisk.tools.cli.CliHarness.expectOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.Via;
import netdisk.testkit.TestData;
import netdisk.tools.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The session and file commands, in-process, against a real server on loopback. */
class NetdiskCommandsTest {

    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void udpGetIsFlowModeByDefaultAndTheRfcEngineOnRequest() throws Exception {
        cli.registerAndLogin("alice");
        byte[] content = randomFile(dir.resolve("f.bin"), 400_000);
        expectOk(cli.run("put", dir.resolve("f.bin").toString()));

        // A receiver tells what the server resent: exactly in flow mode (from the sequence
        // numbers), the copies that arrived with the RFC engine.
        Path flow = dir.resolve("flow.bin");
        Result byDefault = expectOk(cli.run("get", "f.bin", flow.toString()));
        assertThat(byDefault.out()).containsPattern(", \\d+ blocks? resent by the server$");
        assertThat(sha256(Files.readAllBytes(flow))).isEqualTo(sha256(content));

        for (List<String> rfc : List.of(List.of("--rfc"), List.of("--windowsize", "4"))) {
            Path copy = dir.resolve("rfc" + rfc.size() + ".bin");
            List<String> args = new java.util.ArrayList<>(List.of("get", "f.bin", copy.toString()));
            args.addAll(rfc);
            Result result = expectOk(cli.run(args.toArray(String[]::new)));
            assertThat(result.out()).as("%s", rfc).containsPattern(", \\d+ timeouts?, \\d+ blocks? resent by the server$");
            assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void registerLoginPutListGetRemove(Via via) throws Exception {
        String v = via.name().toLowerCase();
        cli.registerAndLogin("alice");
        byte[] content = randomFile(dir.resolve("holiday.bin"), 1_500_000);

        Result put = expectOk(cli.run("put", dir.resolve("holiday.bin").toString(), "--via", v));
        assertThat(put.out()).startsWith("put " + dir.resolve("holiday.bin") + " -> holiday.bin: 1.4 MiB in ")
                .contains(", " + v + ")");
        assertThat(put.err()).as("no progress bar when stderr is not a terminal").isEmpty();

        Result table = expectOk(cli.run("ls"));
        assertThat(table.out().lines()).first().asString().matches("NAME +SIZE  MODIFIED");
        assertThat(table.out()).containsPattern("holiday\\.bin +1\\.4 MiB  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d")
                .contains("1 file, 1.4 MiB");

        JsonNode json = new ObjectMapper().readTree(expectOk(cli.run("ls", "--json")).out());
        assertThat(json.get("files")).hasSize(1);
        assertThat(json.get("files").get(0).get("name").asText()).isEqualTo("holiday.bin");
        assertThat(json.get("files").get(0).get("size").asLong()).isEqualTo(1_500_000L);
        assertThat(json.get("files").get(0).get("modified").asText()).endsWith("Z");

        Path copy = dir.resolve("copy.bin");
        Result get = expectOk(cli.run("get", "holiday.bin", copy.toString(), "--via", v, "--blksize", "1024",
                "--windowsize", "8"));
        assertThat(get.out()).startsWith("got holiday.bin -> " + copy + ": 1.4 MiB in ");
        if (via == Via.UDP) {
            assertThat(get.out()).containsPattern(", \\d+ retransmissions?, \\d+ timeouts?, \\d+ blocks? resent by the server$");
        }
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));

        assertThat(expectOk(cli.run("rm", "holiday.bin")).out()).isEqualTo("removed holiday.bin\n");
        Result empty = expectOk(cli.run("ls"));
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err()).contains("no files yet");
    }

    @Test
    void sessionCommandsWithoutASessionSayHowToGetOne() {
        for (String[] command : new String[][] {{"ls"}, {"put", "x"}, {"get", "x"}, {"rm", "x"}}) {
            Result r = cli.run(command);
            assertThat(r.exit()).as(String.join(" ", command)).isEqualTo(ExitCodes.NOT_LOGGED_IN);
            assertThat(r.err()).startsWith("netdisk: not logged in: run `netdisk login USER --server HOST`")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        expectOk(cli.runWithStdin("correct horse\n", "register", "alice", "--server", cli.address, "--password-stdin"));
        Result r = cli.runWithStdin("wrong horse\n", "login", "alice", "--server", cli.address, "--password-stdin");
        assertThat(r.exit()).isEqualTo(ExitCodes.AUTH_FAILED);
        assertThat(r.err()).isEqualTo("netdisk: wrong user name or password for alice on " + cli.address
                + " (new here? `netdisk register alice --server " + cli.address + "`)\n");
        assertThat(Sessions.file(env()).path()).doesNotExist();
    }

    @Test
    void passwdChangesThePasswordAndEndsTheSession() {
        expectOk(cli.runWithStdin("correct horse\n", "register", "alice", "--server", cli.address, "--password-stdin"));
        expectOk(cli.runWithStdin("correct horse\n", "login", "alice", "--server", cli.address, "--password-stdin"));

        Result wrong = cli.runWithStdin("wrong horse\nbattery staple\n", "passwd", "--password-stdin");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.AUTH_FAILED);
        assertThat(wrong.err()).isEqualTo("netdisk: wrong password for alice on " + cli.address
                + "; nothing was changed\n");
        Result oneLine = cli.runWithStdin("correct horse\n", "passwd", "--password-stdin");
        assertThat(oneLine.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(oneLine.err()).contains("two lines");

        Result changed = expectOk(cli.runWithStdin("correct horse\nbattery staple\n", "passwd", "--password-stdin"));
        assertThat(changed.out()).startsWith("changed the password of alice on " + cli.address);
        assertThat(Sessions.file(env()).path()).as("the session ended with the old password").doesNotExist();
        assertThat(cli.runWithStdin("correct horse\n", "login", "alice", "--server", cli.address, "--password-stdin")
                .exit()).isEqualTo(ExitCodes.AUTH_FAILED);
        expectOk(cli.runWithStdin("battery staple\n", "login", "alice", "--server", cli.address, "--password-stdin"));
    }

    @Test
    void unregisterAsksForAConfirmationAndThePassword() {
        expectOk(cli.runWithStdin("correct horse\n", "register", "alice", "--server", cli.address, "--password-stdin"));
        expectOk(cli.runWithStdin("correct horse\n", "login", "alice", "--server", cli.address, "--password-stdin"));

        Result unconfirmed = cli.runWithStdin("correct horse\n", "unregister", "--password-stdin");
        assertThat(unconfirmed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err()).contains("confirm with --yes");
        Result wrong = cli.runWithStdin("wrong horse\n", "unregister", "--yes", "--password-stdin");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.AUTH_FAILED);
        assertThat(wrong.err()).contains("nothing was removed");

        Result removed = expectOk(cli.runWithStdin("correct horse\n", "unregister", "--yes", "--password-stdin"));
        assertThat(removed.out()).isEqualTo("removed the account alice on " + cli.address
                + " and all your files on it\n");
        assertThat(Sessions.file(env()).path()).doesNotExist();
        assertThat(cli.runWithStdin("correct horse\n", "login", "alice", "--server", cli.address, "--password-stdin")
                .exit()).isEqualTo(ExitCodes.AUTH_FAILED);
    }

    @Test
    void aTakenNameIsRefusedWithAHint() {
        expectOk(cli.runWithStdin("correct horse\n", "register", "alice", "--server", cli.address, "--password-stdin"));
        Result r = cli.runWithStdin("another one\n", "register", "ALICE", "--server", cli.address, "--password-stdin");
        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("the user name ALICE is taken on " + cli.address);
    }

    @Test
    void anUnreachableServerIsNamedWithTheFix() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Result r = cli.runWithStdin("correct horse\n", "login", "alice", "--server", "127.0.0.1:" + port,
                "--password-stdin");
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).isEqualTo("netdisk: server not reachable at 127.0.0.1:" + port
                + " (connection refused) — is `netdisk server` running there?\n");
    }

    @Test
    void withoutATerminalThePasswordMustComeFromStdin() {
        Result r = cli.run("login", "alice", "--server", cli.address);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--password-stdin");
    }

    @Test
    void registerAsksTwiceOnATerminalAndTheTwoMustMatch() {
        cli.terminal = new CliHarness.ScriptedTerminal(true, "correct horse", "correct hoarse");
        Result r = cli.run("register", "alice", "--server", cli.address);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("the two passwords differ");
        assertThat(cli.terminal.prompts).containsExactly("Password for alice: ", "Repeat the password: ");

        cli.terminal = new CliHarness.ScriptedTerminal(true, "correct horse", "correct horse", "correct horse");
        expectOk(cli.run("register", "alice", "--server", cli.address));
        expectOk(cli.run("login", "alice", "--server", cli.address));
    }

    @Test
    void theSessionFileIsPrivateHoldsNoPasswordAndLogoutRemovesIt() throws IOException {
        cli.registerAndLogin("alice");
        Path session = Sessions.file(env()).path();
        assertThat(session).startsWith(cli.home);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session))).isEqualTo("rw-------");
        assertThat(Files.readString(session)).contains("\"user\" : \"alice\"").doesNotContain("correct horse");

        // Later commands need no --server: login remembered it.
        expectOk(cli.run("ls"));
        Result logout = expectOk(cli.run("logout"));
        assertThat(logout.out()).isEqualTo("logged out alice from " + cli.address + "\n");
        assertThat(session).doesNotExist();
        assertThat(cli.run("ls").exit()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
        assertThat(expectOk(cli.run("logout")).out()).contains("not logged in");
    }

    @Test
    void afterLogoutALoginWithoutServerGoesToTheLastOne() {
        cli.registerAndLogin("alice");
        expectOk(cli.run("logout"));

        // The harness's server is on an ephemeral port: the built-in default would not reach it.
        Result again = expectOk(cli.runWithStdin("correct horse\n", "login", "alice", "--password-stdin"));

        assertThat(again.out()).startsWith("logged in as alice on " + cli.address);
    }

    @Test
    void aRevokedSessionSaysToLogInAgain() throws Exception {
        cli.registerAndLogin("alice");
        String token = Sessions.saved(env()).orElseThrow().token();
        try (NetdiskClient client = NetdiskClient.connect(cli.server.controlAddress())) {
            client.logout(token);
        }
        Result r = cli.run("ls");
        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
        assertThat(r.err()).isEqualTo("netdisk: your session has expired or was revoked: run `netdisk login alice"
                + " --server " + cli.address + "` again\n");
    }

    @Test
    void aMissingRemoteFileIsNotFound() {
        cli.registerAndLogin("alice");
        Result r = cli.run("get", "nothing.bin", dir.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("nothing.bin").contains("netdisk ls");
        assertThat(cli.run("put", dir.resolve("absent").toString()).exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void everyCommandListsTheExitCodesInItsHelp() {
        for (String command : new String[] {"register", "login", "logout", "ls", "put", "get", "rm", "completion",
                "server", "tftp get", "bench peers"}) {
            Result r = expectOk(cli.run((command + " --help").split(" ")));
            assertThat(r.out()).as(command).contains("Exit codes:").contains(" 10  transfer broken off")
                    .contains("--verbose");
            assertThat(expectOk(cli.run((command + " --version").split(" "))).out()).as(command).startsWith("netdisk ");
        }
    }

    @Test
    void logoutWithTheServerGoneStillRemovesTheSession() {
        cli.registerAndLogin("alice");
        cli.server.close();
        Result r = expectOk(cli.run("logout"));
        assertThat(r.out()).startsWith("logged out alice from " + cli.address + " (removed locally; the server could "
                + "not revoke the token: server not reachable at ");
        assertThat(Sessions.file(env()).path()).doesNotExist();
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        Result r = expectOk(cli.run("completion"));
        assertThat(r.out()).contains("complete -F").contains("register").contains("--continue").contains("--via");
    }

    @Test
    void usageErrorsExitTwo() {
        cli.registerAndLogin("alice");
        assertThat(cli.run("get", "a", "--continue", "--restart").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("put", "a", "--via", "carrier-pigeon").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("get", "a", "--blksize", "4").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anExpiredSavedSessionSaysToLogInAgainWithoutAskingTheServer() throws IOException {
        Sessions.file(env()).save(new netdisk.tools.session.SavedSession(cli.address, "alice", "stale",
                java.time.Instant.parse("2020-01-01T00:00:00Z")));
        Result r = cli.run("ls");
        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
        assertThat(r.err()).isEqualTo("netdisk: your session expired at 2020-01-01T00:00:00Z: run `netdisk login alice"
                + " --server " + cli.address + "` again\n");
    }

    @Test
    void repeatedWrongPasswordsAreThrottledWithTheWait() {
        expectOk(cli.runWithStdin("correct horse\n", "register", "alice", "--server", cli.address, "--password-stdin"));
        Result last = null;
        for (int i = 0; i < 6; i++) {
            last = cli.runWithStdin("wrong horse\n", "login", "alice", "--server", cli.address, "--password-stdin");
            assertThat(last.exit()).isEqualTo(ExitCodes.AUTH_FAILED);
        }
        assertThat(last.err()).matches("netdisk: too many failed logins for alice: try again in \\d+ s\n");
    }

    @Test
    void verbosePrintsTheStackTraceThatIsOtherwiseHidden() {
        assertThat(cli.run("ls").err()).doesNotContain("\tat ");
        Result r = cli.run("ls", "--verbose");
        assertThat(r.exit()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
        assertThat(r.err()).startsWith("netdisk: not logged in").contains("CliFailure").contains("\tat ");
    }

    @Test
    void theTableAlignsColumnsAndShowsLocalTime() {
        java.io.StringWriter text = new java.io.StringWriter();
        LsCommand.table(new java.io.PrintWriter(text, true), java.util.List.of(
                new netdisk.services.client.RemoteFile("a.txt", 12, java.time.Instant.parse("2026-03-01T10:15:30Z")),
                new netdisk.services.client.RemoteFile("holiday.mp4", 41_943_040,
                        java.time.Instant.parse("2026-03-02T23:59:00Z"))),
                java.time.ZoneOffset.ofHours(1));
        assertThat(text.toString()).isEqualTo("""
                NAME             SIZE  MODIFIED
                a.txt            12 B  2026-03-01 11:15
                holiday.mp4  40.0 MiB  2026-03-03 00:59
                2 files, 40.0 MiB
                """);
    }

    private CliEnvironment env() {
        return CliEnvironment.system().withEnv(java.util.Map.of("NETDISK_HOME", cli.home.toString()));
    }

    /** A file of {@code size} bytes seeded by its size; returns the bytes. */
    static byte[] randomFile(Path path, int size) throws IOException {
        byte[] data = TestData.randomBytes(size, size);
        Files.write(path, data);
        return data;
    }
}
