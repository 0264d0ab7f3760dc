package netdisk.tests.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.TransferException;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.UdpTransfers;
import netdisk.services.client.UploadOptions;
import netdisk.services.client.Via;
import netdisk.services.storage.Quota;
import netdisk.testkit.TestData;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.packet.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening finding 6: a quota holds when uploads run at once. Eight uploads of 900,000 B under a
 * 1 MiB quota stored 7,200,000 B before uploads reserved their size when they start
 * (spec/control.md, "upload"; spec/protocol.md section 5.1).
 */
@Timeout(120)
class QuotaUnderConcurrencyTest {

    private static final long QUOTA = 1 << 20;
    private static final int SIZE = 900_000;

    @TempDir
    Path dir;

    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What became of one upload: stored, or refused with which code. */
    private record Ended(String name, boolean stored, String refusal) { }

    @Test
    void eightUploadsAtOnceOverBothPathsStoreNoMoreThanTheQuota() throws Exception {
        server = RunningServer.start(dir.resolve("data"), c -> c.withQuota(Quota.everyUser(QUOTA)));
        String token = server.registerAndLogin("alice");
        Path local = TestData.write(dir.resolve("big.bin"), TestData.randomBytes(SIZE, 1));

        List<Ended> ended = runTogether(8, i -> {
            String name = "f" + i + ".bin";
            Via via = i % 2 == 0 ? Via.TCP : Via.UDP; // UDP puts announce tsize
            try (NetdiskClient client = server.client()) {
                client.put(token, local, name, TransferSettings.defaults().via(via), null);
                return new Ended(name, true, null);
            } catch (ControlException e) {
                return new Ended(name, false, e.code());
            } catch (TransferException e) {
                return new Ended(name, false, "ERROR " + e.failure().code());
            }
        });

        assertThat(ended).filteredOn(Ended::stored).as("one fits, and only one").hasSize(1);
        assertThat(ended).filteredOn(e -> !e.stored()).extracting(Ended::refusal)
                .allMatch(code -> code.equals("QUOTA_EXCEEDED") || code.equals("ERROR " + ErrorCode.DISK_FULL.code()));
        assertThat(Folders.totalBytes(server.userFolder("alice"))).isLessThanOrEqualTo(QUOTA);
        assertRoomIsBackOnceEveryUploadEnded(token, ended);
    }

    @Test
    void udpUploadsWithoutTsizeAtOnceStopAtTheQuotaToo() throws Exception {
        server = RunningServer.start(dir.resolve("data"), c -> c.withQuota(Quota.everyUser(QUOTA)));
        String token = server.registerAndLogin("alice");
        Path local = TestData.write(dir.resolve("big.bin"), TestData.randomBytes(SIZE, 2));

        List<Ended> ended = runTogether(4, i -> {
            String name = "f" + i + ".bin";
            try {
                new UdpTransfers().put(server.udpAddress(), token, local, name,
                        new UploadOptions(TransferOptions.defaults().withAskSize(false)), null);
                return new Ended(name, true, null);
            } catch (TransferException e) {
                return new Ended(name, false, "ERROR " + e.failure().code());
            }
        });

        // Without a size up front the server learns it block by block: the quota still holds,
        // and at most one file can be whole in it.
        assertThat(ended).filteredOn(Ended::stored).hasSizeLessThanOrEqualTo(1);
        assertThat(ended).filteredOn(e -> !e.stored()).extracting(Ended::refusal)
                .containsOnly("ERROR " + ErrorCode.DISK_FULL.code());
        assertThat(Folders.totalBytes(server.userFolder("alice"))).isLessThanOrEqualTo(QUOTA);
        assertRoomIsBackOnceEveryUploadEnded(token, ended);
    }

    /** Nothing of the refused or failed uploads stays reserved: the whole room is usable again. */
    private void assertRoomIsBackOnceEveryUploadEnded(String token, List<Ended> ended) throws Exception {
        for (Ended e : ended) {
            Files.deleteIfExists(server.userFolder("alice").resolve(e.name()));
        }
        Path whole = TestData.write(dir.resolve("whole.bin"), TestData.randomBytes((int) QUOTA, 3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) { // a refused UDP transfer's end is reported by the server a moment after the client's
            try (NetdiskClient client = server.client()) {
                client.put(token, whole, "whole.bin", TransferSettings.defaults().via(Via.TCP), null);
                break;
            } catch (ControlException e) {
                if (!e.code().equals("QUOTA_EXCEEDED") || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        assertThat(Files.size(server.userFolder("alice").resolve("whole.bin"))).isEqualTo(QUOTA);
    }

    private interface Upload {
        Ended run(int index) throws Exception;
    }

    private static List<Ended> runTogether(int count, Upload upload) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Ended>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return upload.run(index);
                }));
            }
            go.countDown();
            List<Ended> ended = new ArrayList<>();
            for (Future<Ended> f : futures) {
                ended.add(f.get(60, TimeUnit.SECONDS));
            }
            return ended;
        } finally {
            pool.shutdownNow();
        }
    }
}
