package netdisk.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./netdisk} as a person runs it, in a pseudo-terminal: the password prompt without
 * echo, the progress bar (redrawn with carriage returns) on a terminal and not in a pipe, a real
 * Ctrl-C that keeps the partial download, and the resume-or-restart question answered with 'r'.
 * The server runs in this JVM on an ephemeral loopback port.
 */
class NetdiskInATerminalTest {

    private static final Duration COMMAND = Duration.ofSeconds(90);
    private static final String PASSWORD = "s3cret-horse-battery";

    @TempDir
    Path dir;

    private NetdiskServer server;
    private String address;
    private Map<String, String> env;

    @BeforeAll
    static void buildTheCommandOnce() throws Exception {
        PseudoTerminal.assumeAvailable();
        // ./netdisk builds its jar when sources are newer; do it here, with a generous limit, not inside a test.
        Piped version = piped(repoRoot(), Map.of(), "", Duration.ofMinutes(10), "--version");
        assertThat(version.exit()).as(version.toString()).isZero();
    }

    @BeforeEach
    void start() throws IOException {
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000)));
        address = "127.0.0.1:" + server.controlAddress().getPort();
        env = Map.of("NETDISK_HOME", dir.resolve("home").toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void typedPasswordsAreAskedForWithoutEcho() throws Exception {
        try (PseudoTerminal register = terminal("register alice --server " + address)) {
            register.waitFor("Password for alice: ", COMMAND);
            register.type(PASSWORD + "\r");
            register.waitFor("Repeat the password: ", COMMAND);
            register.type(PASSWORD + "\r");
            assertThat(register.exitCode(COMMAND)).as(register.screen()).isZero();
            assertThat(register.screen()).contains("registered alice").doesNotContain(PASSWORD);
        }
        try (PseudoTerminal login = terminal("login alice --server " + address)) {
            login.waitFor("Password for alice: ", COMMAND);
            login.type(PASSWORD + "\r");
            assertThat(login.exitCode(COMMAND)).as(login.screen()).isZero();
            assertThat(login.screen()).contains("logged in as alice").doesNotContain(PASSWORD);
        }
        assertThat(Files.readString(dir.resolve("home/session.json"))).doesNotContain(PASSWORD);
    }

    @Test
    void theProgressBarIsDrawnOnATerminalAndNotIntoAPipe() throws Exception {
        registerAndLogin();
        byte[] content = randomFile(dir.resolve("data.bin"), 2_000_000);
        Piped put = netdisk("put", "data.bin");
        assertThat(put.exit()).as(put.toString()).isZero();
        assertThat(put.err()).doesNotContain("\r").doesNotContain("[");
        assertThat(put.out()).startsWith("put data.bin -> data.bin: 1.9 MiB in ");

        try (PseudoTerminal get = terminal("get data.bin copy.bin")) {
            assertThat(get.exitCode(COMMAND)).as(get.screen()).isZero();
            assertThat(get.screen()).contains("\rdata.bin [").contains("] 100% 1.9 MiB / 1.9 MiB")
                    .contains("got data.bin -> copy.bin: 1.9 MiB");
        }
        assertThat(Files.readAllBytes(dir.resolve("copy.bin"))).isEqualTo(content);
    }

    @Test
    void ctrlCKeepsThePartialDownloadAndTheQuestionAnsweredRResumesIt() throws Exception {
        registerAndLogin();
        byte[] content = randomFile(dir.resolve("big.bin"), 4 << 20);
        assertThat(netdisk("put", "big.bin", "--via", "tcp").exit()).isZero();

        // 16-byte lockstep blocks: slow enough (seconds) to be interrupted part-way.
        try (PseudoTerminal get = terminal("get big.bin copy.bin --blksize 16 --windowsize 1")) {
            // Interrupt once some data has arrived (the bar counts in KiB), so there is a part to keep.
            get.waitFor(" KiB / 4.0 MiB", COMMAND);
            get.type("\u0003");
            int exit = get.exitCode(COMMAND);
            Assumptions.assumeFalse(exit == 0, "the download finished before Ctrl-C reached it; nothing to resume");
            assertThat(exit).as(get.screen()).isEqualTo(10);
            assertThat(get.screen()).contains("netdisk: interrupted; kept ")
                    .contains("run `netdisk get big.bin copy.bin --continue` to resume");
        }
        assertThat(dir.resolve("copy.bin.netdisk-part")).exists();
        assertThat(dir.resolve("copy.bin")).doesNotExist();

        try (PseudoTerminal again = terminal("get big.bin copy.bin")) {
            again.waitFor("[r]esume, [s]tart over, or [c]ancel? ", COMMAND);
            assertThat(again.screen()).containsPattern("copy\\.bin exists \\([0-9.]+ [KM]iB of 4\\.0 MiB held\\)");
            again.type("r\r");
            assertThat(again.exitCode(COMMAND)).as(again.screen()).isZero();
            assertThat(again.screen()).contains("; resumed from ");
        }
        assertThat(Files.readAllBytes(dir.resolve("copy.bin"))).isEqualTo(content);
        assertThat(dir.resolve("copy.bin.netdisk-part")).doesNotExist();
    }

    private void registerAndLogin() throws Exception {
        Piped register = piped(dir, env, PASSWORD + "\n", COMMAND, "register", "alice", "--server", address,
                "--password-stdin");
        assertThat(register.exit()).as(register.toString()).isZero();
        Piped login = piped(dir, env, PASSWORD + "\n", COMMAND, "login", "alice", "--server", address,
                "--password-stdin");
        assertThat(login.exit()).as(login.toString()).isZero();
    }

    private PseudoTerminal terminal(String arguments) {
        return PseudoTerminal.start(repoRoot().resolve("netdisk") + " " + arguments, dir, env);
    }

    private Piped netdisk(String... args) throws Exception {
        return piped(dir, env, "", COMMAND, args);
    }

    /** What ./netdisk printed with its standard streams connected to pipes. */
    record Piped(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private static Piped piped(Path workDir, Map<String, String> env, String stdin, Duration timeout, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(repoRoot().resolve("netdisk").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("netdisk-cli", ".out");
        Path err = Files.createTempFile("netdisk-cli", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within " + timeout);
            }
            return new Piped(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The checkout's root, where ./netdisk is (surefire runs in the tests module's folder). */
    static Path repoRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("netdisk")) && Files.isDirectory(p.resolve("tools"))) {
                return p;
            }
        }
        throw new IllegalStateException("no ./netdisk above " + here);
    }

    private static byte[] randomFile(Path path, int size) throws IOException {
        byte[] data = TestData.randomBytes(size, size);
        Files.write(path, data);
        return data;
    }
}
