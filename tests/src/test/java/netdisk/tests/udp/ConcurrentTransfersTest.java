package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.server.TransferReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many transfers at once against one server over real sockets: each has its own port, none
 * disturbs another, every file arrives byte for byte, and the server counts down to no running
 * transfer when they are over. Once with each engine: every transfer on a thread of its own
 * (0 reactors), all of them on one reactor thread, and spread over four.
 */
@Timeout(90)
class ConcurrentTransfersTest {

    private static final int GETS = 32;
    private static final int PUTS = 8;

    @TempDir
    Path dir;

    /**
     * The clients wait the RFC 6298 initial second before resending their request. With the
     * quick 50 ms of the other tests, 40 requests landing at once on a 2-core machine starve the
     * server's listener long enough for clients to resend; a resent request that the listener only
     * reads after the first transfer has already ended is, by RFC 1350, a new request, and starts
     * a stray transfer that the client rejects with ERROR 5. That is correct behaviour, but not
     * what this test is about.
     */
    private static final RetransmitPolicy CLIENT = EndToEnd.FAST.withInitialTimeout(Duration.ofSeconds(1));

    /** Lockstep and windowed, 512 and 1428 bytes, in turn. */
    private static TransferOptions options(int i) {
        TransferOptions options = switch (i % 4) {
            case 0 -> EndToEnd.LOCKSTEP;
            case 1 -> EndToEnd.WINDOWED;
            case 2 -> EndToEnd.WINDOWED.withBlockSize(512).withWindowSize(8);
            default -> EndToEnd.LOCKSTEP.withBlockSize(1428);
        };
        return options.withRetransmit(CLIENT);
    }

    @ParameterizedTest(name = "{0} reactors")
    @ValueSource(ints = {0, 1, 4})
    void thirtyTwoGetsAndEightPutsAtOnceAreAllByteExact(int reactors) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(GETS + PUTS);
        try (TestServer server = TestServer.start(dir.resolve("root"), true,
                b -> b.reactors(reactors))) {
            Path local = Files.createDirectories(dir.resolve("local"));
            List<Callable<Path[]>> jobs = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(GETS + PUTS);
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < GETS + PUTS; i++) {
                int n = i;
                int size = 50_000 + n * 3_001;
                boolean get = n < GETS;
                Path source = get
                        ? TestData.randomFile(server.file("get-" + n), size, n)
                        : TestData.randomFile(local.resolve("put-" + n), size, n);
                jobs.add(() -> {
                    TftpClient client = new TftpClient();
                    ready.countDown();
                    go.await();
                    if (get) {
                        Path target = local.resolve("got-" + n);
                        client.get(server.address(), "get-" + n, target, options(n));
                        return new Path[] {source, target};
                    }
                    client.put(server.address(), source, "put-" + n, options(n));
                    return new Path[] {source, server.file("put-" + n)};
                });
            }
            List<Future<Path[]>> results = new ArrayList<>();
            for (Callable<Path[]> job : jobs) {
                results.add(pool.submit(job));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Path[]> result : results) {
                Path[] pair = result.get(45, TimeUnit.SECONDS);
                assertThat(sha256(pair[1])).as("%s", pair[1].getFileName()).isEqualTo(sha256(pair[0]));
            }

            assertThat(server.awaitIdle(Duration.ofSeconds(10))).as("no transfer left running").isTrue();
            assertThat(server.server.activeTransfers()).isZero();
            assertThat(server.reports).hasSize(GETS + PUTS).allSatisfy(r -> assertThat(r.succeeded())
                    .as("%s %s: %s", r.direction(), r.label(), r.failure()).isTrue());
            assertThat(server.reports.stream().filter(r -> r.direction() == TransferReport.Direction.WRITE))
                    .hasSize(PUTS);
        } finally {
            pool.shutdownNow();
        }
    }
}
