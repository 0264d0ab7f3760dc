package netdisk.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import netdisk.services.Sha256;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.services.storage.FileNames;
import netdisk.testkit.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash suite, client side, with real processes: {@code netdisk get} and {@code netdisk put}
 * killed with SIGKILL half way. A download resumes from what it held and ends identical (SHA-256);
 * an upload leaves the server's old file as it was and, once the server restarts, nothing
 * behind but what arrived, held (hidden) for a resume.
 */
@Timeout(180)
class ClientKilledTest {

    private static final int SIZE = 64 << 20;
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    Path dir;

    private NetdiskServer server;
    private final List<Process> clients = new ArrayList<>();

    @BeforeAll
    static void buildTheCommandOnce() throws Exception {
        BuiltCommand.ensureBuilt();
    }

    @BeforeEach
    void startServerAndLogIn() throws Exception {
        startServer();
        assertThat(run("register", "alice", "--server", server(), "--password-stdin").exitValue()).isZero();
        assertThat(run("login", "alice", "--server", server(), "--password-stdin").exitValue()).isZero();
    }

    private void startServer() throws IOException {
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000))
                .withUdp(udp -> udp.giveUp(Duration.ofSeconds(2))));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : clients) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private String server() {
        return "127.0.0.1:" + server.controlAddress().getPort();
    }

    private Path home() {
        return dir.resolve("data/users/alice");
    }

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = {"udp", "tcp"})
    void aDownloadKilledHalfWayResumesAndEndsIdentical(String via) throws Exception {
        Path remote = Files.write(home().resolve("big.bin"), TestData.randomBytes(SIZE, 1));
        Path local = dir.resolve("copy.bin");
        Path partial = dir.resolve("copy.bin.netdisk-part");

        Process get = start("get", "big.bin", local.toString(), "--via", via, "--progress", "never");
        // The resume record is forced and written every 16 MiB (ResumableDownload.CHECKPOINT_BYTES):
        // past 40 MiB it holds at least 32.
        awaitAtLeast(partial, 40 << 20, get);
        kill(get);
        long held = Files.size(partial);
        assertThat(held).as("killed half way").isLessThan(SIZE);

        Process again = run("get", "big.bin", local.toString(), "--via", via, "--continue", "--progress", "never");
        String said = output(again);
        assertThat(again.exitValue()).as(said).isZero();
        assertThat(said).contains("resumed from");
        assertThat(Sha256.of(local)).isEqualTo(Sha256.of(remote));
        assertThat(partial).doesNotExist();
    }

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = {"udp", "tcp"})
    void anUploadKilledHalfWayLeavesTheOldFileAndOnlyTheHeldUploadBehind(String via) throws Exception {
        byte[] old = TestData.randomBytes(300_000, 2);
        Files.write(home().resolve("f.bin"), old);
        Path local = Files.write(dir.resolve("f.bin"), TestData.randomBytes(SIZE, 3));

        Process put = start("put", local.toString(), "f.bin", "--via", via, "--progress", "never");
        awaitPartFileOnServer(SIZE / 8, put);
        kill(put);

        server.close();
        server = null;
        startServer(); // a restart removes whatever a dying transfer had no time to clean
        assertThat(Files.readAllBytes(home().resolve("f.bin"))).isEqualTo(old);
        // What arrived is held for a resume (spec/control.md 4.9): its part file and record,
        // both hidden; the restart kept them, as their record is valid.
        try (Stream<Path> files = Files.list(home())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("f.bin")))
                    .hasSize(2).allMatch(FileNames::isInternal);
        }
    }

    private void awaitAtLeast(Path file, long bytes, Process client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            if (Files.exists(file) && Files.size(file) >= bytes) {
                return;
            }
            assertThat(client.isAlive()).as("the client still runs").isTrue();
            Thread.sleep(2);
        }
        throw new AssertionError(file + " never reached " + bytes + " bytes");
    }

    private void awaitPartFileOnServer(long bytes, Process client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            try (Stream<Path> files = Files.list(home())) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().endsWith(".part") && Files.size(p) >= bytes) {
                        return;
                    }
                }
            } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
                // looked at a part file just as it went
            }
            assertThat(client.isAlive()).as("the client still runs").isTrue();
            Thread.sleep(2);
        }
        throw new AssertionError("no part file of " + bytes + " bytes on the server");
    }

    private static void kill(Process client) throws InterruptedException {
        client.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up of its own
        assertThat(client.waitFor(15, TimeUnit.SECONDS)).isTrue();
    }

    private Process start(String... args) throws IOException {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = BuiltCommand.jar().toString();
        List<String> argv = new ArrayList<>(List.of(javaCommand, "-jar", jar));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("NETDISK_HOME", dir.resolve("home").toString());
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process p = builder.start();
        clients.add(p);
        p.getOutputStream().write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        return p;
    }

    private Process run(String... args) throws Exception {
        Process p = start(args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        outputs.put(p, out);
        return p;
    }

    private final java.util.Map<Process, String> outputs = new java.util.HashMap<>();

    private String output(Process p) {
        return outputs.getOrDefault(p, "");
    }
}
