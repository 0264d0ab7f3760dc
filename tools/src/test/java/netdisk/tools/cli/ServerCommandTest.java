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

    @Test
    void transferBudgetsOutsideTheirRangeAreUsageErrors() {
        assertUsageError("--max-transfers must be 1..65536, got 0", "--max-transfers", "0");
        assertUsageError("--max-transfers-per-address must be 1..4 (--max-transfers), got 5",
                "--max-transfers", "4", "--max-transfers-per-address", "5");
        assertUsageError("--max-transfers-per-address must be 1..512 (--max-transfers), got 0",
                "--max-transfers-per-address", "0");
        assertUsageError("--reactors must be 0..64, got -1", "--reactors", "-1");
        assertUsageError("--reactors must be 0..64, got 65", "--reactors", "65");
        assertUsageError("--max-connections must be 1..65536, got 0", "--max-connections", "0");
        assertUsageError("--max-connections-per-address must be 1..8 (--max-connections), got 9",
                "--max-connections", "8", "--max-connections-per-address", "9");
    }

    private void assertUsageError(String message, String... options) {
        StringWriter err = new StringWriter();
        String[] args = java.util.stream.Stream.concat(
                java.util.stream.Stream.of("server", "--host", "127.0.0.1", "--port", "0", "--data",
                        dir.resolve("data").toString()),
                java.util.Arrays.stream(options)).toArray(String[]::new);
        int exit = NetdiskCli.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(message);
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aSecondTransferFromOneAddressBeyondItsShareIsToldSo() throws Exception {
        ServerCommand command = new ServerCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        Thread serving = new Thread(() -> cli.execute("--host", "127.0.0.1", "--port", "0",
                "--data", dir.resolve("data").toString(), "--max-transfers-per-address", "1"));
        serving.start();
        try (var first = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
                var second = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(command.listening.await(30, TimeUnit.SECONDS)).as("the server listens").isTrue();
            Files.write(dir.resolve("data/public/f.bin"), new byte[2000]);
            byte[] rrq = {0, 1, 'f', '.', 'b', 'i', 'n', 0, 'o', 'c', 't', 'e', 't', 0};
            first.setSoTimeout(10_000);
            second.setSoTimeout(10_000);

            first.send(new java.net.DatagramPacket(rrq, rrq.length, command.boundAddress));
            byte[] buffer = new byte[600];
            var reply = new java.net.DatagramPacket(buffer, buffer.length);
            first.receive(reply);
            assertThat(new byte[] {buffer[0], buffer[1], buffer[2], buffer[3]}).as("DATA 1")
                    .containsExactly(0, 3, 0, 1);

            // The first transfer waits for its ACK 1: it holds the address's only slot.
            second.send(new java.net.DatagramPacket(rrq, rrq.length, command.boundAddress));
            reply = new java.net.DatagramPacket(buffer, buffer.length);
            second.receive(reply);
            String text = new String(buffer, 4, reply.getLength() - 5, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(new byte[] {buffer[0], buffer[1], buffer[2], buffer[3]}).as("ERROR 0")
                    .containsExactly(0, 5, 0, 0);
            assertThat(text).isEqualTo("your address has too many transfers");
        } finally {
            command.stop.countDown();
            serving.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    @Test
    void singlePortModeSaysSoAndAnswersFromTheWellKnownPort() throws Exception {
        ServerCommand command = new ServerCommand();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        Thread serving = new Thread(() -> cli.execute("--host", "127.0.0.1", "--port", "0",
                "--data", dir.resolve("data").toString(), "--single-port"));
        serving.start();
        try (var client = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(command.listening.await(30, TimeUnit.SECONDS)).as("the server listens").isTrue();
            assertThat(out.toString()).contains("(UDP transfers in single-port mode: every transfer from this port, "
                    + "TCP control)");
            Files.write(dir.resolve("data/public/f.bin"), new byte[100]);
            byte[] rrq = {0, 1, 'f', '.', 'b', 'i', 'n', 0, 'o', 'c', 't', 'e', 't', 0};
            client.setSoTimeout(10_000);

            client.send(new java.net.DatagramPacket(rrq, rrq.length, command.boundAddress));
            byte[] buffer = new byte[600];
            var reply = new java.net.DatagramPacket(buffer, buffer.length);
            client.receive(reply);
            assertThat(new byte[] {buffer[0], buffer[1], buffer[2], buffer[3]}).as("DATA 1")
                    .containsExactly(0, 3, 0, 1);
            assertThat(reply.getPort()).as("the reply's source port").isEqualTo(command.boundAddress.getPort());
            byte[] ack = {0, 4, 0, 1};
            client.send(new java.net.DatagramPacket(ack, ack.length, reply.getSocketAddress()));
        } finally {
            command.stop.countDown();
            serving.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(out.toString()).contains("get public/f.bin via udp: 100 B");
    }

    @Test
    void aSecondControlConnectionFromOneAddressBeyondItsShareIsToldSo() throws Exception {
        ServerCommand command = new ServerCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        Thread serving = new Thread(() -> cli.execute("--host", "127.0.0.1", "--port", "0",
                "--data", dir.resolve("data").toString(), "--max-connections-per-address", "1"));
        serving.start();
        try {
            assertThat(command.listening.await(30, TimeUnit.SECONDS)).as("the server listens").isTrue();
            try (NetdiskClient first = NetdiskClient.connect(command.boundAddress)) {
                ControlException refused = catchThrowableOfType(ControlException.class,
                        () -> NetdiskClient.connect(command.boundAddress));
                assertThat(refused.code()).isEqualTo("BUSY");
                assertThat(refused.getMessage()).contains("too many connections from your address (1)");
                assertThat(first.serverInfo().version()).isEqualTo(1);
            }
        } finally {
            command.stop.countDown();
            serving.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
