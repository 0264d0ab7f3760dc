package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.udp.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackSmokeTest {

    @TempDir
    Path dir;

    @Test
    void getAndPutOverRealSockets() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        byte[] data = TestData.randomBytes(3_000_000, 1);
        Files.write(root.resolve("f.bin"), data);
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        try (TftpServer server = TftpServer.start(config)) {
            TftpClient client = new TftpClient();
            for (TransferOptions options : new TransferOptions[] {TransferOptions.plain(), TransferOptions.defaults()}) {
                Path local = dir.resolve("copy-" + options.windowSize());
                long t0 = System.nanoTime();
                TransferResult result = client.get(server.localAddress(), "f.bin", local, options);
                System.out.printf("get %s: %.1f MB/s %s%n", options.windowSize(), data.length / ((System.nanoTime() - t0) / 1e3), result.statistics());
                assertThat(Files.readAllBytes(local)).isEqualTo(data);
                TransferResult up = client.put(server.localAddress(), local, "up-" + options.windowSize(), options);
                assertThat(Files.readAllBytes(root.resolve("up-" + options.windowSize()))).isEqualTo(data);
                System.out.println("put " + up.statistics());
            }
        }
    }
}
