package netdisk.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import netdisk.services.Sha256;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.RemoteFile;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.Via;
import netdisk.testkit.TestData;
import netdisk.tests.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash suite, server side, with real processes: {@code netdisk server} killed with SIGKILL in the
 * middle of work, then started again on the same data folder. Nothing acknowledged is lost and
 * nothing half-done is left behind (hardening issue: finding 9 and the crash suite).
 */
@Timeout(180)
class ServerKilledTest {

    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    Path dir;

    private final List<ServerProcess> servers = new ArrayList<>();

    @BeforeAll
    static void buildTheCommandOnce() throws Exception {
        BuiltCommand.ensureBuilt();
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ServerProcess server : servers) {
            server.kill();
        }
    }

    @Test
    void aServerKilledMidUploadKeepsTheOldFileAndLeavesNoPartFileOnceRestarted() throws Exception {
        InetSocketAddress server = start();
        Path home = dir.resolve("data/users/alice");
        byte[] old = TestData.randomBytes(200_000, 1);
        String token;
        try (NetdiskClient client = NetdiskClient.connect(server)) {
            client.register("alice", PASSWORD.toCharArray());
            token = client.login("alice", PASSWORD.toCharArray()).token();
            Path oldFile = Files.write(dir.resolve("old.bin"), old);
            client.put(token, oldFile, "f.bin", TransferSettings.defaults().via(Via.TCP), null);
        }

        try (Socket upload = new Socket(server.getAddress(), server.getPort())) {
            DataOutputStream out = new DataOutputStream(upload.getOutputStream());
            DataInputStream in = new DataInputStream(upload.getInputStream());
            exchange(out, in, "{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"crash-test\"}");
            String ready = exchange(out, in, "{\"op\":\"upload\",\"id\":2,\"token\":\"" + token
                    + "\",\"name\":\"f.bin\",\"size\":10000000}");
            assertThat(ready).contains("\"ready\":true");
            out.write(TestData.randomBytes(3_000_000, 2));
            out.flush();
            awaitPartFileOfAtLeast(home, 1_000_000);

            kill(servers.getLast());
        }
        assertThat(partFiles(home)).as("the kill left the upload's part file").isNotEmpty();

        InetSocketAddress again = start();
        assertThat(partFiles(home)).as("removed at start-up").isEmpty();
        assertThat(Sha256.of(home.resolve("f.bin"))).isEqualTo(Sha256.of(Files.write(dir.resolve("o"), old)));
        try (NetdiskClient client = NetdiskClient.connect(again)) {
            String fresh = client.login("alice", PASSWORD.toCharArray()).token();
            assertThat(client.list(fresh)).extracting(RemoteFile::name).containsExactly("f.bin");
        }
    }

    @Test
    void everyRegistrationAcknowledgedBeforeAKillIsThereAfterTheRestart() throws Exception {
        InetSocketAddress server = start();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        List<Thread> registering = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            registering.add(Thread.ofPlatform().daemon().start(() -> {
                for (int n = 0; n < 200; n++) { // bounded; the kill ends it much sooner
                    String name = "user" + thread + "x" + n;
                    try (NetdiskClient client = NetdiskClient.connect(server)) {
                        client.register(name, PASSWORD.toCharArray());
                        acknowledged.add(name);
                    } catch (IOException killed) {
                        return;
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < 6 && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        kill(servers.getLast());
        for (Thread t : registering) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(6);

        InetSocketAddress again = start();
        try (NetdiskClient client = NetdiskClient.connect(again)) {
            for (String name : acknowledged) {
                assertThat(client.login(name, PASSWORD.toCharArray()).token()).as(name).isNotBlank();
            }
        }
    }

    @Test
    void aServerKilledDuringLoginsAndRemovalsKeepsItsRegistryAndEveryAcknowledgedRemoval() throws Exception {
        InetSocketAddress server = start();
        String token;
        try (NetdiskClient client = NetdiskClient.connect(server)) {
            client.register("carol", PASSWORD.toCharArray());
            token = client.login("carol", PASSWORD.toCharArray()).token();
        }
        Path home = dir.resolve("data/users/carol");
        for (int i = 0; i < 400; i++) {
            Files.write(home.resolve("f" + i), new byte[] {(byte) i});
        }
        ConcurrentLinkedQueue<String> removed = new ConcurrentLinkedQueue<>();
        String session = token;
        Thread removing = Thread.ofPlatform().daemon().start(() -> {
            try (NetdiskClient client = NetdiskClient.connect(server)) {
                for (int i = 0; i < 400; i++) {
                    client.remove(session, "f" + i);
                    removed.add("f" + i);
                }
            } catch (IOException killed) {
                // the kill ends it
            }
        });
        Thread loggingIn = Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < 400; i++) { // each login rewrites the registry's last_login
                try (NetdiskClient client = NetdiskClient.connect(server)) {
                    client.login("carol", PASSWORD.toCharArray());
                } catch (IOException killed) {
                    return;
                }
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (removed.size() < 20 && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        kill(servers.getLast());
        removing.join(TimeUnit.SECONDS.toMillis(30));
        loggingIn.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(removed).hasSizeGreaterThanOrEqualTo(20);

        InetSocketAddress again = start();
        try (NetdiskClient client = NetdiskClient.connect(again)) {
            String fresh = client.login("carol", PASSWORD.toCharArray()).token();
            List<String> left = client.list(fresh).stream().map(RemoteFile::name).toList();
            assertThat(left).as("every acknowledged removal stayed done").doesNotContainAnyElementsOf(removed);
            assertThat(left.size() + removed.size()).as("at most the one in flight went unacknowledged")
                    .isBetween(399, 400);
        }
    }

    private static void kill(ServerProcess server) throws InterruptedException {
        server.kill(); // SIGKILL: no shutdown hook runs
    }

    private static String exchange(DataOutputStream out, DataInputStream in, String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return new String(answer, StandardCharsets.UTF_8);
    }

    private static List<Path> partFiles(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    private static void awaitPartFileOfAtLeast(Path home, long bytes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadline < 0) {
            for (Path part : partFiles(home)) {
                if (Files.size(part) >= bytes) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no part file of " + bytes + " bytes in " + home);
    }

    /** Starts {@code netdisk server} on the test's data folder and returns its address. */
    private InetSocketAddress start() throws IOException {
        Path jar = BuiltCommand.jar();
        ServerProcess server = ServerProcess.start(jar, dir.resolve("data"), dir);
        servers.add(server);
        return server.address();
    }
}
