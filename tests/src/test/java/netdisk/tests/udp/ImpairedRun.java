package netdisk.tests.udp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.impair.Direction;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.server.TransferReport;

/**
 * One GET or PUT over loopback with one side's ports impaired, and what came of it.
 *
 * <p>A GET impairs the server's ports, a PUT the client's, so that both engines and both layer
 * directions get damaged traffic: for a GET, client-to-server is the server's inbound side; for a
 * PUT it is the client's outbound side.
 */
record ImpairedRun(TransferResult result, String sourceSha256, String deliveredSha256,
                   ImpairedDatagramPortFactory impaired, List<TransferReport> serverReports) {

    enum Op { GET, PUT }

    enum Way { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** The layer direction of the impaired side that carries {@code way}. */
    static Direction layer(Op op, Way way) {
        boolean impairServer = op == Op.GET;
        return (way == Way.SERVER_TO_CLIENT) == impairServer ? Direction.OUTBOUND : Direction.INBOUND;
    }

    /** Whether {@code way} carries the DATA of {@code op} (otherwise its ACKs). */
    static boolean carriesData(Op op, Way way) {
        return (way == Way.SERVER_TO_CLIENT) == (op == Op.GET);
    }

    /** The plan with {@code faults} on the side and direction that carry {@code way}. */
    static ImpairmentPlan place(ImpairmentPlan plan, Op op, Way way, Fault... faults) {
        return layer(op, way) == Direction.OUTBOUND ? plan.outbound(faults) : plan.inbound(faults);
    }

    /** Transfers a seeded random file of {@code size} bytes under {@code plan}. */
    static ImpairedRun run(Path dir, Op op, TransferOptions options, int size, ImpairmentPlan plan)
            throws IOException, InterruptedException {
        ImpairedDatagramPortFactory impaired = ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), plan);
        boolean impairServer = op == Op.GET;
        Path source = TestData.randomFile(dir.resolve("source.bin"), size, size);
        Path root = dir.resolve("root");
        try (TestServer server = TestServer.start(root, true, b -> impairServer ? b.ports(impaired) : b)) {
            TftpClient client = impairServer ? new TftpClient() : new TftpClient(impaired, () -> false);
            Path delivered;
            TransferResult result;
            if (op == Op.GET) {
                TestData.randomFile(root.resolve("served.bin"), size, size);
                delivered = dir.resolve("got.bin");
                result = client.get(server.address(), "served.bin", delivered, options);
            } else {
                delivered = root.resolve("put.bin");
                result = client.put(server.address(), source, "put.bin", options);
            }
            // The server's side ends a little later (a receiver dallies): wait for its report.
            server.awaitIdle(Duration.ofSeconds(5));
            return new ImpairedRun(result, Digests.sha256(source), Digests.sha256(delivered), impaired,
                    List.copyOf(server.reports));
        }
    }
}
