package netdisk.udp.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.server.FileRoot;
import netdisk.udp.server.RootFolderHandler;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TftpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download returns a few round trips after its final ACK; the rest of its dally goes on in the
 * background until it ends or the process ends it ({@link BackgroundDallies#endAll}).
 */
class BackgroundDalliesTest {

    @TempDir
    Path dir;

    @Test
    void aFinishedGetLeavesItsDallyRunningUntilEndAllClosesIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("seven.txt"), "hello!\n");
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        try (TftpServer server = TftpServer.start(config)) {
            int before = BackgroundDallies.running();
            Path local = dir.resolve("got.txt");

            new TftpClient().get(server.localAddress(), "seven.txt", local, TransferOptions.plain());

            // The file is whole when get returns; the dally (at least 200 ms) is still running.
            assertThat(Files.readString(local)).isEqualTo("hello!\n");
            assertThat(BackgroundDallies.running()).isEqualTo(before + 1);
            BackgroundDallies.endAll();
            for (int i = 0; i < 500 && BackgroundDallies.running() > before; i++) {
                Thread.sleep(10); // bounded: the closed port ends the dally's wait at once
            }
            assertThat(BackgroundDallies.running()).isEqualTo(before);
        }
    }
}
