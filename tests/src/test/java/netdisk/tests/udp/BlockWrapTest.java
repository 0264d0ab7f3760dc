package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferResult;
import netdisk.udp.impair.DatagramKind;
import netdisk.udp.impair.Decision;
import netdisk.udp.impair.Direction;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.io.DatagramPortFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of more than 65535 blocks of 512 bytes (32 MiB and a bit) over real sockets: block
 * numbers wrap from 65535 to 0 (spec section 7) and both sides keep counting in 64 bits.
 */
@Timeout(60)
class BlockWrapTest {

    /** 65537 whole blocks and a short one: the wire numbers go ... 65535, 0, 1, 2. */
    private static final long SIZE = 65_537L * 512 + 488;
    private static final long BLOCKS = SIZE / 512 + 1;

    @TempDir
    Path dir;

    /** Counts the DATA sent with wire block 0, i.e. block 65536, without changing anything. */
    private static ImpairedDatagramPortFactory watchingBlockZero(AtomicLong dataZero) {
        ImpairmentPlan watch = ImpairmentPlan.none().observe((Decision d) -> {
            if (d.direction() == Direction.OUTBOUND && d.datagram().kind() == DatagramKind.DATA
                    && d.datagram().block() == 0) {
                dataZero.incrementAndGet();
            }
        });
        return ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), watch);
    }

    @Test
    void lockstepGetPastBlock65535IsByteExact() throws Exception {
        AtomicLong dataZero = new AtomicLong();
        try (TestServer server = TestServer.start(dir.resolve("root"), false,
                b -> b.ports(watchingBlockZero(dataZero)))) {
            Path source = TestData.randomFile(server.file("big.bin"), SIZE, 65);
            Path local = dir.resolve("got.bin");

            TransferResult result = new TftpClient().get(server.address(), "big.bin", local, EndToEnd.LOCKSTEP);

            assertThat(result.statistics().blocks()).isEqualTo(BLOCKS);
            assertThat(result.bytes()).isEqualTo(SIZE);
            assertThat(dataZero.get()).as("DATA 0 on the wire (block 65536)").isPositive();
            assertThat(sha256(local)).isEqualTo(sha256(source));
        }
    }

    @Test
    void windowedPutPastBlock65535IsByteExact() throws Exception {
        AtomicLong dataZero = new AtomicLong();
        try (TestServer server = TestServer.start(dir.resolve("root"), true)) {
            Path source = TestData.randomFile(dir.resolve("big.bin"), SIZE, 66);

            TransferResult result = new TftpClient(watchingBlockZero(dataZero), () -> false)
                    .put(server.address(), source, "big.bin", EndToEnd.WINDOWED.withBlockSize(512));

            assertThat(result.statistics().blocks()).isEqualTo(BLOCKS);
            assertThat(result.parameters().windowSize()).isEqualTo(16);
            assertThat(dataZero.get()).as("DATA 0 on the wire (block 65536)").isPositive();
            assertThat(sha256(server.file("big.bin"))).isEqualTo(sha256(source));
        }
    }
}
