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

    @Test
    void anExitWaitsBrieflyForAFlowDallyToEndByItselfAndNotForAnRfcOne() throws Exception {
        // A flow-mode dally ends when the sender's FLOW_DONE arrives (here: 120 ms in, as when
        // the final ACK was lost and a probe had to come first); the exit gives it that time,
        // or the server probed a closed port for 30 s and logged a completed download as failed.
        // An RFC dally has no such end, and an exit does not wait for it.
        int before = BackgroundDallies.running();
        long flowWaited = exitWithADally(true, 120);
        assertThat(flowWaited).as("waited for the flow dally, ms").isGreaterThanOrEqualTo(100L)
                .isLessThanOrEqualTo(BackgroundDallies.EXIT_GRACE.toMillis() + 50);
        long rfcWaited = exitWithADally(false, 120);
        assertThat(rfcWaited).as("waited for the RFC dally, ms").isLessThan(60);
        for (int i = 0; i < 500 && BackgroundDallies.running() > before; i++) {
            Thread.sleep(10); // bounded: closed ports end the dallies' waits at once
        }
        assertThat(BackgroundDallies.running()).isEqualTo(before);
    }

    /** Starts a background dally of {@code dallyMillis} and calls endAll; how long that took. */
    private static long exitWithADally(boolean endsOnItsOwn, long dallyMillis) throws Exception {
        DatagramPort port = DatagramPortFactory.udp().open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        netdisk.udp.transfer.TransferMachine dallier = new netdisk.udp.transfer.TransferMachine() {
            @Override
            public netdisk.udp.transfer.Reaction start(long now) {
                return new netdisk.udp.transfer.Reaction.Finished(java.util.List.of(), now + dallyMillis * 1_000_000);
            }

            @Override
            public netdisk.udp.transfer.Reaction onPacket(netdisk.udp.packet.Packet packet, long now) {
                return new netdisk.udp.transfer.Reaction.Finished(java.util.List.of(), now);
            }

            @Override
            public netdisk.udp.transfer.Reaction onTimeout(long now) {
                return new netdisk.udp.transfer.Reaction.Finished(java.util.List.of(), now);
            }

            @Override
            public netdisk.udp.transfer.TransferCounters counters() {
                return new netdisk.udp.transfer.TransferCounters();
            }

            @Override
            public long smoothedRttNanos() {
                return -1;
            }

            @Override
            public boolean finalBlockPassed() {
                return true;
            }
        };
        TransferSession session = TransferSession.withPeer(port, dallier, port.localAddress(), System::nanoTime);
        session.start();
        BackgroundDallies.start(session, port, System::nanoTime, endsOnItsOwn);
        long start = System.nanoTime();
        BackgroundDallies.endAll();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
