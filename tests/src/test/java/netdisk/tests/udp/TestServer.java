package netdisk.tests.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import netdisk.udp.server.FileRoot;
import netdisk.udp.server.RootFolderHandler;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TftpServer;
import netdisk.udp.server.TransferReport;

/**
 * A {@link TftpServer} serving one folder on an ephemeral loopback port, with the quick
 * retransmission policy and a short shutdown grace, recording the report of every transfer.
 */
final class TestServer implements AutoCloseable {

    final Path root;
    final TftpServer server;
    /** Every finished transfer's report, in the order they ended. */
    final List<TransferReport> reports;

    private TestServer(Path root, TftpServer server, List<TransferReport> reports) {
        this.root = root;
        this.server = server;
        this.reports = reports;
    }

    static TestServer start(Path root, boolean writable) throws IOException {
        return start(root, writable, UnaryOperator.identity());
    }

    /** @param custom changes the configuration after the defaults of this class are set */
    static TestServer start(Path root, boolean writable, UnaryOperator<ServerConfig.Builder> custom)
            throws IOException {
        Files.createDirectories(root);
        List<TransferReport> reports = new CopyOnWriteArrayList<>();
        ServerConfig.Builder builder = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), writable))
                .bind(EndToEnd.loopbackAny())
                .retransmit(EndToEnd.FAST)
                // A stray transfer (a late duplicate request after the real one ended) must not
                // hold up the end of a test for the default 5 s.
                .shutdownGrace(Duration.ofMillis(200))
                .listener(reports::add);
        return new TestServer(root, TftpServer.start(custom.apply(builder).build()), reports);
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    Path file(String name) {
        return root.resolve(name);
    }

    /** Waits until no transfer runs (a receiver's dally ends a little after its client returns). */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (server.activeTransfers() > 0) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() {
        server.close();
    }
}
