package netdisk.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import netdisk.services.Sha256;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import netdisk.testkit.TestData;
import netdisk.tests.ServerProcess;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TftpException;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.packet.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started where no locale is set (containers, cron, systemd units, CI): the JVM names
 * files in the locale's charset, which under POSIX is ASCII. {@code ./netdisk} runs it in a UTF-8
 * locale, so "café.txt" is served; a JVM started without that refuses the name at once with
 * ERROR 2 saying why, instead of failing inside and leaving the client to time out.
 */
@Timeout(120)
class UnicodeNamesWithoutALocaleTest {

    private static final String NAME = "café-日本.txt";
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    Path dir;

    private final List<ServerProcess> servers = new ArrayList<>();

    @BeforeAll
    static void buildTheCommandOnce() throws Exception {
        BuiltCommand.ensureBuilt();
    }

    @AfterEach
    void stopServers() {
        servers.forEach(ServerProcess::close); // SIGTERM, then SIGKILL if it lingers
    }

    @Test
    void theNetdiskScriptServesUnicodeNamesWhenNoLocaleIsSet() throws Exception {
        ServerProcess server = start(List.of(NetdiskInATerminalTest.repoRoot().resolve("netdisk").toString()), Map.of());
        assertThat(server.banner()).doesNotContain("warning");
        byte[] content = TestData.randomBytes(100_000, 3);
        Files.write(dir.resolve("data/public").resolve(NAME), content);

        Path copy = dir.resolve("copy.bin");
        new TftpClient().get(server.address(), NAME, copy, TransferOptions.defaults());

        assertThat(Sha256.of(copy)).isEqualTo(Sha256.of(dir.resolve("data/public").resolve(NAME)));
    }

    @Test
    void aJvmInThePosixLocaleRefusesTheNameWithASaidReasonAndServesAsciiNames() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = BuiltCommand.jar().toString();
        ServerProcess server = start(List.of(java, "-jar", jar), Map.of("LC_ALL", "POSIX"));
        assertThat(server.banner()).contains("warning:  file names are").contains("start with LC_ALL=C.UTF-8");
        Files.writeString(dir.resolve("data/public").resolve(NAME), "unreachable");
        Files.writeString(dir.resolve("data/public/plain.txt"), "ascii is fine");

        long started = System.nanoTime();
        assertThatThrownBy(() -> new TftpClient().get(server.address(), NAME, dir.resolve("x"), TransferOptions.defaults()))
                .isInstanceOfSatisfying(TftpException.class, e -> {
                    assertThat(e.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
                    assertThat(e.failure().message()).contains("cannot be stored on this server").contains("not UTF-8");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused, not timed out")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(dir.resolve("x")).doesNotExist();

        new TftpClient().get(server.address(), "plain.txt", dir.resolve("plain.txt"), TransferOptions.defaults());
        assertThat(Files.readString(dir.resolve("plain.txt"))).isEqualTo("ascii is fine");

        // A user's folder, through the control channel: the same refusal, as FILE_NAME_INVALID.
        try (NetdiskClient client = NetdiskClient.connect(server.address())) {
            client.register("alice", PASSWORD.toCharArray());
            String token = client.login("alice", PASSWORD.toCharArray()).token();
            assertThatThrownBy(() -> client.stat(token, NAME))
                    .isInstanceOfSatisfying(ControlException.class, e -> {
                        assertThat(e.code()).isEqualTo("FILE_NAME_INVALID");
                        assertThat(e.getMessage()).contains("cannot be stored on this server");
                    });
        }
    }

    /** Starts {@code command} + "server ..." with every locale variable removed, then {@code extraEnv} added. */
    private ServerProcess start(List<String> command, Map<String, String> extraEnv) throws IOException {
        ServerProcess server = ServerProcess.start(command, dir.resolve("data"), dir, env -> {
            env.keySet().removeIf(k -> k.equals("LANG") || k.equals("LANGUAGE") || k.startsWith("LC_"));
            env.putAll(extraEnv);
        });
        servers.add(server);
        return server;
    }
}
