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
 * report kept for the test to inspect; in either {@link Mode}, so that the interop tests run
 * each stock client against both.
 */
final class OurTftpServer implements AutoCloseable {

    /** How the server answers transfers: the interop matrix runs in each. */
    enum Mode {
        /** From a new port per transfer, as RFC 1350 §4 and stock servers do. */
        PORT_PER_TRANSFER,
        /** From the well-known port, every transfer (spec/protocol.md 17, {@code --single-port}). */
        SINGLE_PORT
    }

    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(10);

    private final TftpServer server;
    private final BlockingQueue<TransferReport> reports;

    private OurTftpServer(TftpServer server, BlockingQueue<TransferReport> reports) {
        this.server = server;
        this.reports = reports;
    }

    static OurTftpServer readOnly(Mode mode, Path root) throws IOException {
        return start(mode, root, false, DatagramPortFactory.udp());
    }

    /** Read-only, listening on {@code address} (127.0.0.1 or ::1). */
    static OurTftpServer readOnly(Mode mode, Path root, InetAddress address) throws IOException {
        return start(mode, root, false, DatagramPortFactory.udp(), address);
    }

    static OurTftpServer writable(Mode mode, Path root) throws IOException {
        return start(mode, root, true, DatagramPortFactory.udp());
    }

    /** As {@link #writable(Mode, Path, DatagramPortFactory)}, listening on {@code address}. */
    static OurTftpServer writable(Mode mode, Path root, DatagramPortFactory ports, InetAddress address)
            throws IOException {
        return start(mode, root, true, ports, address);
    }

    /**
     * Writable, with the ports that carry transfers made by {@code ports} (e.g. an impairment
     * layer): each transfer's own port, or in single-port mode the well-known one, which carries
     * them all.
     */
    static OurTftpServer writable(Mode mode, Path root, DatagramPortFactory ports) throws IOException {
        return start(mode, root, true, ports);
    }

    /** Writable, listening on {@code address} (e.g. {@code ::1}) instead of 127.0.0.1. */
    static OurTftpServer writableOn(Mode mode, Path root, InetAddress address) throws IOException {
        return start(mode, root, true, DatagramPortFactory.udp(), address);
    }

    private static OurTftpServer start(Mode mode, Path root, boolean writable, DatagramPortFactory ports)
            throws IOException {
        return start(mode, root, writable, ports, InetAddress.getLoopbackAddress());
    }

    private static OurTftpServer start(Mode mode, Path root, boolean writable, DatagramPortFactory ports,
            InetAddress address) throws IOException {
        BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
        boolean singlePort = mode == Mode.SINGLE_PORT;
        ServerConfig.Builder builder = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), writable))
                .bind(new InetSocketAddress(address, 0))
                .shutdownGrace(Duration.ofSeconds(2))
                .listener(reports::add)
                .singlePort(singlePort);
        ServerConfig config = (singlePort ? builder.ports(ports) : builder.transferPorts(ports)).build();
        TftpServer server = TftpServer.start(config);
        if (server.singlePort() != singlePort) {
            server.close();
            throw new AssertionError("the server is not in " + mode);
        }
        return new OurTftpServer(server, reports);
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
