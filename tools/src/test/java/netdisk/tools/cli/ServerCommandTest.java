package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.Via;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code netdisk server} in-process: the banner, the quota flag, the transfer log, a clean stop. */
class ServerCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesWithAQuotaLogsEachTransferAndStops() throws Exception {
        ServerCommand command = new ServerCommand();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        int[] exit = {-1};
        Thread serving = new Thread(() -> exit[0] = cli.execute("--host", "127.0.0.1", "--port", "0",
                "--data", dir.resolve("data").toString(), "--quota", "2KiB"));
        serving.start();
        try {
            assertThat(command.listening.await(30, TimeUnit.SECONDS)).as("the server listens").isTrue();
            assertThat(out.toString()).contains("quota:    2.0 KiB per user")
                    .contains("users.xlsx (0 registered)");
            try (NetdiskClient client = NetdiskClient.connect(command.boundAddress)) {
                client.register("carol", "long password".toCharArray());
                String token = client.login("carol", "long password".toCharArray()).token();
                Path small = Files.write(dir.resolve("small.bin"), new byte[600]);
                Path big = Files.write(dir.resolve("big.bin"), new byte[2000]);
                client.put(token, small, "small.bin", TransferSettings.defaults().via(Via.TCP), null);
                client.put(token, small, "small-udp.bin", TransferSettings.defaults(), null);
                ControlException refused = catchThrowableOfType(ControlException.class,
                        () -> client.put(token, big, "big.bin", TransferSettings.defaults().via(Via.TCP), null));
                assertThat(refused.code()).isEqualTo("QUOTA_EXCEEDED");
            }
            assertThat(dir.resolve("data/users/carol/small.bin")).hasSize(600);
            assertThat(dir.resolve("data/users/carol/big.bin")).doesNotExist();
        } finally {
            command.stop.countDown();
            serving.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(exit[0]).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("put carol/small.bin via tcp: 600 B")
                .contains("put carol/small-udp.bin via udp: 600 B").endsWith("stopped." + System.lineSeparator());
    }

    @Test
    void aGiveUpOutsideItsRangeIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = NetdiskCli.run(new String[] {"server", "--host", "127.0.0.1", "--port", "0", "--give-up", "0",
                "--data", dir.resolve("data").toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--give-up must be 1..3600 seconds, got 0");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
