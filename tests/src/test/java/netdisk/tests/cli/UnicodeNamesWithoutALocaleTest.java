package netdisk.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netdisk.services.Sha256;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
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
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private final List<Process> servers = new ArrayList<>();

    @BeforeAll
    static void buildTheCommandOnce() throws Exception {
        BuiltCommand.ensureBuilt();
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process server : servers) {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void theNetdiskScriptServesUnicodeNamesWhenNoLocaleIsSet() throws Exception {
        Running server = start(List.of(NetdiskInATerminalTest.repoRoot().resolve("netdisk").toString()), Map.of());
        assertThat(server.banner()).doesNotContain("warning");
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        Files.write(dir.resolve("data/public").resolve(NAME), content);

        Path copy = dir.resolve("copy.bin");
        new TftpClient().get(server.address(), NAME, copy, TransferOptions.defaults());

        assertThat(Sha256.of(copy)).isEqualTo(Sha256.of(dir.resolve("data/public").resolve(NAME)));
    }

    @Test
    void aJvmInThePosixLocaleRefusesTheNameWithASaidReasonAndServesAsciiNames() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = BuiltCommand.jar().toString();
        Running server = start(List.of(java, "-jar", jar), Map.of("LC_ALL", "POSIX"));
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

    /** A server process and what it printed up to "Press Ctrl-C to stop.". */
    private record Running(InetSocketAddress address, String banner) {}

    /** Starts {@code command} + "server ..." with every locale variable removed, then {@code extraEnv} added. */
    private Running start(List<String> command, Map<String, String> extraEnv) throws IOException {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("server", "--data", dir.resolve("data").toString(), "--host", "127.0.0.1", "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.equals("LANG") || k.equals("LANGUAGE") || k.startsWith("LC_"));
        builder.environment().putAll(extraEnv);
        builder.environment().put("NETDISK_HOME", dir.resolve("home").toString());
        Process process = builder.start();
        servers.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder banner = new StringBuilder();
        Integer port = null;
        for (String line; (line = out.readLine()) != null; ) {
            banner.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            if (line.startsWith("Press Ctrl-C to stop.")) {
                break;
            }
        }
        assertThat(port).as("the server's banner:\n%s", banner).isNotNull();
        // Keep draining the log so the server never blocks on a full pipe.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException gone) {
                // The server ended.
            }
        });
        return new Running(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), banner.toString());
    }
}
