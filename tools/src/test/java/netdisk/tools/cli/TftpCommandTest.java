package netdisk.tools.cli;

import static netdisk.tools.cli.NetdiskCommandsTest.randomFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.udp.server.FileRoot;
import netdisk.udp.server.RootFolderHandler;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TftpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netdisk tftp get|put} run in-process against a real server on loopback. */
class TftpCommandTest {

    @TempDir
    Path dir;

    Path root;
    TftpServer server;
    String address;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        server = TftpServer.start(ServerConfig.builder(new RootFolderHandler(new FileRoot(root), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build());
        address = "127.0.0.1:" + server.localAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    int run(String... args) {
        return NetdiskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void getSavesTheFileAndPrintsASummary() throws Exception {
        byte[] data = randomFile(root.resolve("boot.img"), 300_000);
        Path local = dir.resolve("copy.img");
        assertThat(run("tftp", "get", address, "boot.img", local.toString())).isZero();
        assertThat(Files.readAllBytes(local)).isEqualTo(data);
        assertThat(out.toString()).contains("got boot.img").contains("blksize 1428").contains("windowsize 16");
    }

    @Test
    void getWithPlainRfc1350Request() throws Exception {
        byte[] data = randomFile(root.resolve("plain.bin"), 5000);
        Path local = dir.resolve("plain.bin");
        assertThat(run("tftp", "get", "--no-options", address, "plain.bin", local.toString())).isZero();
        assertThat(Files.readAllBytes(local)).isEqualTo(data);
        assertThat(out.toString()).contains("blksize 512").contains("windowsize 1");
    }

    @Test
    void putUploadsUnderTheGivenName() throws Exception {
        Path local = dir.resolve("notes.bin");
        byte[] data = randomFile(local, 70_000);
        assertThat(run("tftp", "put", "--blksize", "512", "--windowsize", "4", address, local.toString(), "up.bin"))
                .isZero();
        assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(data);
    }

    @Test
    void missingFileExitsThreeWithTheServersReason() {
        assertThat(run("tftp", "get", address, "nothere", dir.resolve("x").toString())).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("file not found").contains("TFTP error 1").doesNotContain("Exception");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void traversalIsRefusedWithExitFour() {
        assertThat(run("tftp", "get", address, "../etc/passwd", dir.resolve("p").toString()))
                .isEqualTo(ExitCodes.ACCESS_DENIED);
        assertThat(err.toString()).contains("access violation");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("tftp", "get", address)).isEqualTo(ExitCodes.USAGE);
        assertThat(run("tftp", "get", "--blksize", "4", address, "f")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("tftp", "get", "--mode", "mail", address, "f")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("tftp", "get", "[::1", "f")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("tftp", "get", "--give-up", "0", address, "f")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("blksize must be 8..65464").contains("--help")
                .contains("--give-up must be 1..3600 seconds, got 0");
    }

    @Test
    void aFailedGetLeavesAnExistingLocalFileIntact() throws Exception {
        Path local = dir.resolve("keep.bin");
        byte[] old = randomFile(local, 1234);
        assertThat(run("tftp", "get", address, "nothere", local.toString())).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(Files.readAllBytes(local)).isEqualTo(old);
    }

    @Test
    void unreachableServerTimesOutWithExitFive() throws Exception {
        // A bound socket that never answers: the request is retransmitted, then the client gives up
        // after half the give-up time, since nobody ever answered.
        try (var silent = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(run("tftp", "get", "--timeout", "1", "--give-up", "2", "127.0.0.1:" + silent.getLocalPort(), "f",
                    dir.resolve("f").toString())).isEqualTo(ExitCodes.TIMEOUT);
        }
        assertThat(err.toString()).contains("timed out").contains("no answer for 1 s");
    }
}
