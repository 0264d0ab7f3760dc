package netdisk.tests.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.server.FileRoot;
import netdisk.udp.server.RootFolderHandler;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TftpServer;
import netdisk.udp.server.TransferReport;

/**
 * Our TFTP server serving one folder on an ephemeral loopback port, with every finished transfer's
 * report kept for the test to inspect.
 */
final class OurTftpServer implements AutoCloseable {

    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(10);

    private final TftpServer server;
    private final BlockingQueue<TransferReport> reports;

    private OurTftpServer(TftpServer server, BlockingQueue<TransferReport> reports) {
        this.server = server;
        this.reports = reports;
    }

    static OurTftpServer readOnly(Path root) throws IOException {
        return start(root, false, DatagramPortFactory.udp());
    }

    static OurTftpServer writable(Path root) throws IOException {
        return start(root, true, DatagramPortFactory.udp());
    }

    /** Writable, with each transfer's port made by {@code transferPorts} (e.g. an impairment layer). */
    static OurTftpServer writable(Path root, DatagramPortFactory transferPorts) throws IOException {
        return start(root, true, transferPorts);
    }

    /** Writable, listening on {@code address} (e.g. {@code ::1}) instead of 127.0.0.1. */
    static OurTftpServer writableOn(Path root, InetAddress address) throws IOException {
        return start(root, true, DatagramPortFactory.udp(), address);
    }

    private static OurTftpServer start(Path root, boolean writable, DatagramPortFactory transferPorts)
            throws IOException {
        return start(root, writable, transferPorts, InetAddress.getLoopbackAddress());
    }

    private static OurTftpServer start(Path root, boolean writable, DatagramPortFactory transferPorts,
            InetAddress address) throws IOException {
        BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), writable))
                .bind(new InetSocketAddress(address, 0))
                .transferPorts(transferPorts)
                .shutdownGrace(Duration.ofSeconds(2))
                .listener(reports::add)
                .build();
        return new OurTftpServer(TftpServer.start(config), reports);
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    /**
     * The report of the next transfer to end on our side. It comes after the dally that follows
     * an upload's final ACK, so a stock client has usually exited before it; it says whether our
     * server saw the transfer succeed, and under which name it was asked for.
     */
    TransferReport nextReport() throws InterruptedException {
        TransferReport report = reports.poll(REPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (report == null) {
            throw new AssertionError("no transfer ended on our server within " + REPORT_TIMEOUT.toSeconds() + " s");
        }
        return report;
    }

    @Override
    public void close() {
        server.close();
    }
}
