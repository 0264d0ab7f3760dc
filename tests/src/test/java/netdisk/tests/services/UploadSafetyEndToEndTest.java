package netdisk.tests.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.RemoteFile;
import netdisk.services.client.TransferException;
import netdisk.services.client.TransferProgress;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.UdpTransfers;
import netdisk.services.client.UploadOptions;
import netdisk.services.client.Via;
import netdisk.services.storage.FileNames;
import netdisk.services.storage.Quota;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.server.TransferReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Uploads that do not complete, against the real server: cancelled, cut off, or over the quota,
 * over UDP and TCP. The old remote file stays byte for byte (SHA-256); an upload cut off after
 * some bytes is held for a resume (spec/control.md 4.9: hidden, never listed) and nothing else is
 * left in the user's folder; one refused by the quota leaves nothing.
 *
 * <p>For UDP the test waits for the server's own "transfer ended" report (a TransferListener),
 * which comes after the part file is removed: no guessing how long cleaning up takes.
 */
@Timeout(120)
class UploadSafetyEndToEndTest {

    private static final int BLOCK = 512;
    private static final TransferSettings LOCKSTEP = new TransferSettings(Via.UDP, BLOCK, 1);
    private static final TransferSettings TCP = TransferSettings.defaults().via(Via.TCP);
    /** The server gives up on a silent client within a fraction of a second. */
    private static final RetransmitPolicy IMPATIENT = RetransmitPolicy.DEFAULT
            .withInitialTimeout(Duration.ofMillis(20)).withMaxTimeout(Duration.ofMillis(20)).withGiveUp(Duration.ofMillis(80));

    @TempDir
    Path dir;

    private final BlockingQueue<TransferReport> ended = new LinkedBlockingQueue<>();
    private RunningServer server;
    private String token;
    private byte[] old;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** alice, whose f.bin holds {@link #old}; uploaded through the API. */
    private void start(Quota quota, RetransmitPolicy serverRetransmit) throws IOException {
        server = RunningServer.start(dir.resolve("data"), config -> config.withQuota(quota)
                .withUdp(udp -> udp.listener(ended::add).retransmit(serverRetransmit)));
        token = server.registerAndLogin("alice");
        old = TestData.randomBytes(5000, 1);
        try (NetdiskClient client = server.client()) {
            client.put(token, TestData.write(dir.resolve("old.bin"), old), "f.bin", TCP, null);
        }
        ended.clear();
    }

    private TransferReport nextUdpTransferEnd() throws InterruptedException {
        TransferReport report = ended.poll(30, TimeUnit.SECONDS);
        assertThat(report).as("the server's report of the transfer's end").isNotNull();
        return report;
    }

    private void assertOldFileIntactAndNoPartFile() throws IOException {
        assertThat(Digests.sha256(server.userFolder("alice").resolve("f.bin"))).isEqualTo(Digests.sha256(old));
        assertThat(Folders.names(server.userFolder("alice"))).containsExactly("f.bin");
    }

    /** The old file intact, and held of the failed upload of {@code size} bytes: {@code held}, hidden. */
    private void assertOldFileIntactAndHeld(long size, LongPredicate held) throws IOException {
        assertThat(Digests.sha256(server.userFolder("alice").resolve("f.bin"))).isEqualTo(Digests.sha256(old));
        try (NetdiskClient client = server.client()) {
            long bytes = client.heldUpload(token, "f.bin", size).bytes();
            assertThat(held.test(bytes)).as("held: " + bytes).isTrue();
            assertThat(client.list(token)).extracting(RemoteFile::name).containsExactly("f.bin");
        }
        assertThat(Folders.names(server.userFolder("alice")).stream().filter(n -> !n.equals("f.bin")))
                .as("the held upload's part file and record").hasSize(2).allMatch(FileNames::isInternal);
    }

    private static TransferProgress cancelAfter(NetdiskClient client, long bytes) {
        return new TransferProgress() {
            @Override
            public void started(long total, long startingAt) {}

            @Override
            public void advanced(long done) {
                if (done >= bytes) {
                    client.cancel();
                }
            }
        };
    }

    @Test
    void aUdpUploadCancelledMidwayLeavesTheOldFile() throws Exception {
        start(Quota.NONE, RetransmitPolicy.DEFAULT);
        Path upload = TestData.write(dir.resolve("new.bin"), TestData.randomBytes(100 * BLOCK + 9, 2));

        try (NetdiskClient client = server.client()) {
            Throwable e = catchThrowable(() -> client.put(token, upload, "f.bin", LOCKSTEP, cancelAfter(client, 40 * BLOCK)));
            assertThat(e).isInstanceOf(TransferException.class).hasMessageContaining("cancelled");
        }

        TransferReport report = nextUdpTransferEnd();
        assertThat(report.direction()).isEqualTo(TransferReport.Direction.WRITE);
        assertThat(report.succeeded()).isFalse();
        assertOldFileIntactAndHeld(100 * BLOCK + 9, held -> held >= 40 * BLOCK && held < 100 * BLOCK);
    }

    @Test
    void aUdpUploadWhoseClientVanishesAfterSomeBlocksLeavesTheOldFile() throws Exception {
        start(Quota.NONE, IMPATIENT);
        Path upload = TestData.write(dir.resolve("new.bin"), TestData.randomBytes(100 * BLOCK + 9, 3));
        // Nothing of the client's arrives after DATA 30: every copy of DATA 31 and its ERROR are
        // lost, so to the server it went silent mid-transfer, as a crashed or unplugged client
        // does. Matched by block, not by datagram count, and the client keeps the default timer:
        // under load a spurious resend must neither move the cut nor make the client give up
        // before it has sent 30 blocks. Only the server is impatient.
        ImpairmentPlan plan = ImpairmentPlan.seeded(1)
                .outbound(Fault.drop().matching(Match.data().block(31)))
                .outbound(Fault.drop().matching(Match.error()));
        AtomicBoolean giveUp = new AtomicBoolean();
        UdpTransfers vanishing = new UdpTransfers(ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), plan),
                giveUp::get);
        CompletableFuture<Throwable> client = CompletableFuture.supplyAsync(
                () -> catchThrowable(() -> vanishing.put(server.udpAddress(), token, upload, "f.bin",
                        new UploadOptions(TransferOptions.defaults().withBlockSize(BLOCK).withWindowSize(1)), null)));

        TransferReport report = nextUdpTransferEnd();
        giveUp.set(true); // the client would otherwise resend DATA 31 for half a minute
        assertThat(client.get(30, TimeUnit.SECONDS)).isInstanceOf(TransferException.class);
        assertThat(report.succeeded()).isFalse();
        assertThat(report.statistics().blocks()).isEqualTo(30);
        assertOldFileIntactAndHeld(100 * BLOCK + 9, held -> held == 30 * BLOCK);
    }

    @Test
    void aTcpUploadCancelledMidStreamLeavesTheOldFile() throws Exception {
        start(Quota.NONE, RetransmitPolicy.DEFAULT);
        Path upload = TestData.write(dir.resolve("new.bin"), TestData.randomBytes(3 << 20, 4));

        try (NetdiskClient client = server.client()) {
            Throwable e = catchThrowable(() -> client.put(token, upload, "f.bin", TCP, cancelAfter(client, 1 << 20)));
            assertThat(e).isInstanceOf(ControlException.class);
        }

        // The server notices the closed stream on its own thread; it holds the upload then.
        try (NetdiskClient client = server.client()) {
            Eventually.await("the upload held", () -> client.heldUpload(token, "f.bin", 3 << 20).bytes(),
                    held -> held > 0, Duration.ofSeconds(20));
        }
        assertOldFileIntactAndHeld(3 << 20, held -> held >= 1 << 20 && held < 3 << 20);
    }

    @Test
    void aTcpUploadWhoseStreamEndsEarlyLeavesTheOldFile() throws Exception {
        start(Quota.NONE, RetransmitPolicy.DEFAULT);
        // The control channel by hand, to end the raw stream early without closing the socket.
        try (Socket socket = new Socket()) {
            socket.connect(server.controlAddress(), 10_000);
            socket.setSoTimeout(20_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            frame(out, "{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"e2e\"}");
            assertThat(readFrame(in)).contains("\"ok\":true");
            frame(out, "{\"op\":\"upload\",\"id\":2,\"token\":\"" + token + "\",\"name\":\"f.bin\",\"size\":100000}");
            assertThat(readFrame(in)).contains("\"ready\":true");
            out.write(TestData.randomBytes(60_000, 5));
            out.flush();
            socket.shutdownOutput(); // 40,000 bytes short

            // The server discards the upload and closes: end of stream, with no success answer.
            byte[] rest = in.readAllBytes();
            assertThat(new String(rest, StandardCharsets.UTF_8)).doesNotContain("sha256");
        }
        try (NetdiskClient client = server.client()) {
            Eventually.await("the upload held", () -> client.heldUpload(token, "f.bin", 100_000).bytes(),
                    held -> held > 0, Duration.ofSeconds(20));
        }
        assertOldFileIntactAndHeld(100_000, held -> held == 60_000);
    }

    @Test
    void anUploadOverTheQuotaIsRefusedOnBothPathsAndTheOldFileStays() throws Exception {
        start(Quota.everyUser(12_000), RetransmitPolicy.DEFAULT);
        // f.bin (5000 bytes) counts as free for its own replacement: 12,000 fit, 12,001 do not.
        Path tooBig = TestData.write(dir.resolve("big.bin"), TestData.randomBytes(12_001, 6));

        try (NetdiskClient client = server.client()) {
            TransferException udp = catchThrowableOfType(TransferException.class,
                    () -> client.put(token, tooBig, "f.bin", LOCKSTEP, null));
            assertThat(udp.failure().code()).isEqualTo(ErrorCode.DISK_FULL.code());
            assertThat(udp.statistics().blocks()).isZero();
            nextUdpTransferEnd();
            assertOldFileIntactAndNoPartFile();

            ControlException tcp = catchThrowableOfType(ControlException.class,
                    () -> client.put(token, tooBig, "f.bin", TCP, null));
            assertThat(tcp.code()).isEqualTo("QUOTA_EXCEEDED");
            assertOldFileIntactAndNoPartFile();

            // Without tsize the server cannot refuse up front: it stops at the quota mid-transfer.
            UdpTransfers noSize = new UdpTransfers();
            TransferException midway = catchThrowableOfType(TransferException.class, () -> noSize.put(server.udpAddress(), token,
                    tooBig, "f.bin", new UploadOptions(TransferOptions.defaults().withBlockSize(BLOCK).withAskSize(false)),
                    null));
            assertThat(midway.failure().code()).isEqualTo(ErrorCode.DISK_FULL.code());
            nextUdpTransferEnd();
            assertOldFileIntactAndNoPartFile();

            // Exactly the quota fits, on both paths.
            Path fits = TestData.write(dir.resolve("fits.bin"), TestData.randomBytes(12_000, 7));
            client.put(token, fits, "f.bin", LOCKSTEP, null);
            client.put(token, fits, "f.bin", TCP, null);
            assertThat(Files.readAllBytes(server.userFolder("alice").resolve("f.bin")))
                    .isEqualTo(Files.readAllBytes(fits));
        }
    }

    private static void frame(DataOutputStream out, String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    private static String readFrame(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }

    /**
     * An upload replaces a file while someone is downloading it: the download finishes with the
     * bytes it started with (verified against the stat it began from), and the new file is in
     * place afterwards. The server reads from the file it opened; the upload renames a new file
     * onto the name.
     */
    @ParameterizedTest
    @EnumSource(Via.class)
    void aDownloadInProgressKeepsItsVersionWhileAnUploadReplacesTheFile(Via via) throws IOException {
        start(Quota.NONE, RetransmitPolicy.DEFAULT);
        byte[] before = TestData.randomBytes(3_000_000, 21);
        byte[] after = TestData.randomBytes(2_000_000, 22);
        Path newVersion = TestData.write(dir.resolve("new.bin"), after);
        try (NetdiskClient uploader = server.client(); NetdiskClient downloader = server.client()) {
            uploader.put(token, TestData.write(dir.resolve("before.bin"), before), "big.bin", TCP, null);
            boolean[] replaced = {false};
            TransferProgress replaceOnce = new TransferProgress() {
                @Override
                public void started(long total, long startingAt) {}

                @Override
                public void advanced(long done) {
                    if (!replaced[0] && done > 0) {
                        replaced[0] = true;
                        try {
                            uploader.put(token, newVersion, "big.bin", TCP, null);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            };
            Path copy = dir.resolve("copy.bin");
            var got = downloader.get(token, "big.bin", copy, new TransferSettings(via, 1428, 8), replaceOnce);
            assertThat(replaced[0]).as("the upload ran during the download").isTrue();
            assertThat(Digests.sha256(copy)).isEqualTo(Digests.sha256(before)).isEqualTo(got.sha256());
            assertThat(Digests.sha256(server.userFolder("alice").resolve("big.bin")))
                    .isEqualTo(Digests.sha256(after));
            assertThat(downloader.stat(token, "big.bin").sha256()).isEqualTo(Digests.sha256(after));
        }
    }
}
