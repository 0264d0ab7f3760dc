package netdisk.services.client;

import static netdisk.testkit.Digests.sha256;
import static netdisk.testkit.TestData.randomBytes;
import static netdisk.testkit.TestData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import netdisk.services.client.TransferException;
import netdisk.services.storage.Quota;
import netdisk.services.tftp.ServerFixture;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.options.ServerLimits;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.Request;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.server.FileRoot;
import netdisk.udp.server.ReadGrant;
import netdisk.udp.server.RequestHandler;
import netdisk.udp.server.RequestRefusedException;
import netdisk.udp.server.RootFolderHandler;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TftpServer;
import netdisk.udp.server.TransferRequest;
import netdisk.udp.server.WriteGrant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The netdisk UDP client against a real netdisk server on loopback: tokens, broken downloads
 * that resume to identical bytes, restarts when the remote file changed, verification, uploads
 * that break without harm (spec/protocol.md 5.1).
 */
@Timeout(60)
class UdpTransfersTest {

    @TempDir
    Path dir;

    /** Lockstep 512-byte blocks: the n-th DATA that arrives is block n. */
    private static final TransferOptions LOCKSTEP = TransferOptions.defaults().withBlockSize(512).withWindowSize(1);
    /** Gives up within a fraction of a second once the data stops. */
    private static final RetransmitPolicy IMPATIENT = RetransmitPolicy.DEFAULT
            .withInitialTimeout(Duration.ofMillis(20)).withMaxTimeout(Duration.ofMillis(20)).withGiveUp(Duration.ofMillis(80));

    private static final int SIZE = 40 * 512 + 123;

    private static RemoteIdentity identityOf(Path file) throws Exception {
        return new RemoteIdentity(Files.size(file), Files.getLastModifiedTime(file).toInstant(), sha256(file));
    }

    /**
     * A client whose port never receives block {@code blocks + 1} (below the wrap): it holds
     * exactly the first {@code blocks} when it gives up.
     */
    private static UdpTransfers breakingAfter(int blocks) {
        return impaired(Match.data().block(blocks + 1));
    }

    private static UdpTransfers impaired(Match dropped) {
        ImpairmentPlan plan = ImpairmentPlan.seeded(1).inbound(Fault.drop().matching(dropped));
        return new UdpTransfers(ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), plan), () -> false);
    }

    private Path local() {
        return dir.resolve("download.bin");
    }

    private static DownloadSidecar sidecarOf(Path local) {
        return DownloadSidecar.read(DownloadSidecar.sidecarFileOf(local)).orElseThrow();
    }

    // ------------------------------------------------------------------ plain and token

    @Test
    void downloadsVerifiesAndLeavesNoPartialFiles() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(SIZE, 1);
            Path remote = write(fixture.userFile("alice", "f.bin"), data);

            DownloadResult result = new UdpTransfers().get(fixture.address(), token, "f.bin", local(),
                    DownloadOptions.verified(identityOf(remote)), null);

            assertThat(result.startedFrom()).isEqualTo(StartedFrom.FRESH);
            assertThat(result.resumedFrom()).isZero();
            assertThat(result.bytesTransferred()).isEqualTo(SIZE);
            assertThat(Files.readAllBytes(local())).isEqualTo(data);
            assertThat(DownloadSidecar.partFileOf(local())).doesNotExist();
            assertThat(DownloadSidecar.sidecarFileOf(local())).doesNotExist();
        }
    }

    @Test
    void downloadsAPublicFileAnonymouslyWithoutVerification() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            byte[] data = randomBytes(3000, 2);
            write(fixture.publicFile("p.bin"), data);

            DownloadResult result = new UdpTransfers().get(fixture.address(), null, "p.bin", local(),
                    DownloadOptions.unverified(), null);

            assertThat(Files.readAllBytes(local())).isEqualTo(data);
            assertThat(result.sha256()).isNull();
        }
    }

    @Test
    void uploadsReplacingTheOldFile() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            write(fixture.userFile("alice", "f.bin"), randomBytes(100, 3));
            byte[] data = randomBytes(SIZE, 4);
            Path source = write(dir.resolve("up.bin"), data);

            TransferResult result = new UdpTransfers().put(fixture.address(), token, source, "f.bin",
                    UploadOptions.defaults(), null);

            assertThat(result.acknowledged().get(ExtensionOptions.TOKEN)).contains("ok");
            assertThat(Files.readAllBytes(fixture.userFile("alice", "f.bin"))).isEqualTo(data);
        }
    }

    @Test
    void aServerThatIgnoresTheTokenFailsClearlyBeforeAnyData() throws Exception {
        Path root = Files.createDirectories(dir.resolve("stock"));
        byte[] publicData = randomBytes(2000, 5);
        write(root.resolve("same.bin"), publicData);
        write(root.resolve("up.bin"), publicData);
        ServerConfig config = ServerConfig.builder(new RootFolderHandler(new FileRoot(root), true))
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        try (TftpServer stock = TftpServer.start(config)) {
            UdpTransfers client = new UdpTransfers();

            assertThatThrownBy(() -> client.get(stock.localAddress(), "token", "same.bin", local(),
                    DownloadOptions.unverified(), null))
                    .isInstanceOf(TokenNotAcknowledgedException.class).hasMessageContaining("not a netdisk server");
            assertThat(local()).doesNotExist();

            RemoteIdentity identity = identityOf(root.resolve("same.bin"));
            assertThatThrownBy(() -> client.get(stock.localAddress(), "token", "same.bin", local(),
                    DownloadOptions.verified(identity), null))
                    .isInstanceOf(TokenNotAcknowledgedException.class);
            assertThat(local()).doesNotExist();

            Path mine = write(dir.resolve("mine.bin"), randomBytes(3000, 6));
            assertThatThrownBy(() -> client.put(stock.localAddress(), "token", mine, "up.bin",
                    UploadOptions.defaults(), null))
                    .isInstanceOf(TokenNotAcknowledgedException.class);
            assertThat(Files.readAllBytes(root.resolve("up.bin"))).isEqualTo(publicData);
        }
    }

    // ------------------------------------------------------------------ resume

    @ParameterizedTest(name = "broken after {0} blocks")
    @ValueSource(ints = {0, 1, 20, 40})
    void aBrokenDownloadResumesToIdenticalBytes(int blocks) throws Exception {
        // 0: before the first block; 1: at the first; 20: mid-file; 40: all but the last, short, block.
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(SIZE, 7);
            RemoteIdentity identity = identityOf(write(fixture.userFile("alice", "f.bin"), data));
            DownloadOptions options = new DownloadOptions(LOCKSTEP.withRetransmit(IMPATIENT), identity);

            assertThatThrownBy(() -> breakingAfter(blocks).get(fixture.address(), token, "f.bin", local(), options, null))
                    .isInstanceOf(TransferException.class);

            assertThat(local()).doesNotExist();
            if (blocks == 0) {
                // No DATA came: nothing was begun, nothing recorded.
                assertThat(DownloadSidecar.sidecarFileOf(local())).doesNotExist();
            } else {
                DownloadSidecar sidecar = sidecarOf(local());
                assertThat(sidecar.blockSize()).isEqualTo(512);
                assertThat(sidecar.blocks()).isEqualTo(blocks);
                assertThat(Files.size(DownloadSidecar.partFileOf(local()))).isEqualTo(blocks * 512L);
            }

            DownloadResult result = new UdpTransfers().get(fixture.address(), token, "f.bin", local(),
                    options.withTransfer(LOCKSTEP), null);

            assertThat(result.startedFrom()).isEqualTo(blocks == 0 ? StartedFrom.FRESH : StartedFrom.RESUMED);
            assertThat(result.resumedFrom()).isEqualTo(blocks * 512L);
            assertThat(result.bytesTransferred()).isEqualTo(SIZE - blocks * 512L);
            assertThat(Files.readAllBytes(local())).isEqualTo(data);
            assertThat(DownloadSidecar.sidecarFileOf(local())).doesNotExist();
            assertThat(DownloadSidecar.partFileOf(local())).doesNotExist();
        }
    }

    @Test
    void aDownloadBrokenPastTheBlockNumberWrapResumesToIdenticalBytes() throws Exception {
        // 65535 blocks of 512 bytes, then some: the first attempt's block numbers wrapped to 0.
        int size = 65_535 * 512 + 1000 * 512 + 77;
        long breakAt = (65_536L + 300) * 512;
        TransferOptions windowed = TransferOptions.defaults().withBlockSize(512).withWindowSize(16);
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(size, 8);
            RemoteIdentity identity = identityOf(write(fixture.userFile("alice", "big.bin"), data));
            // Cancelled once past the wrap: the loop notices between two packets, so the copy
            // holds at least breakAt bytes (a window or so more at most).
            AtomicBoolean cancel = new AtomicBoolean();
            UdpTransfers cancelling = new UdpTransfers(DatagramPortFactory.udp(), cancel::get);

            assertThatThrownBy(() -> cancelling.get(fixture.address(), token, "big.bin", local(),
                    new DownloadOptions(windowed, identity), (done, total) -> {
                        if (done >= breakAt) {
                            cancel.set(true);
                        }
                    }))
                    .isInstanceOf(TransferException.class).hasMessageContaining("cancelled");
            long held = sidecarOf(local()).heldBytes();
            assertThat(held).isGreaterThanOrEqualTo(breakAt).isLessThan(size);

            DownloadResult result = new UdpTransfers().get(fixture.address(), token, "big.bin", local(),
                    new DownloadOptions(windowed, identity), null);

            assertThat(result.startedFrom()).isEqualTo(StartedFrom.RESUMED);
            assertThat(result.resumedFrom()).isEqualTo(held);
            assertThat(sha256(local())).isEqualTo(sha256(data));
        }
    }

    @Test
    void resumesWhenTheServerGrantsAnotherBlockSizeThanAsked() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, Quota.NONE, new ServerLimits(512, 16))) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(100 * 512 + 5, 9);
            RemoteIdentity identity = identityOf(write(fixture.userFile("alice", "f.bin"), data));
            // The client asks 1428 but gets 512: its record counts in the granted 512.
            TransferOptions asks1428 = TransferOptions.defaults().withBlockSize(1428).withWindowSize(1);

            assertThatThrownBy(() -> breakingAfter(33).get(fixture.address(), token, "f.bin", local(),
                    new DownloadOptions(asks1428.withRetransmit(IMPATIENT), identity), null))
                    .isInstanceOf(TransferException.class);
            assertThat(sidecarOf(local()).blockSize()).isEqualTo(512);
            assertThat(sidecarOf(local()).heldBytes()).isEqualTo(33 * 512);

            DownloadResult result = new UdpTransfers().get(fixture.address(), token, "f.bin", local(),
                    new DownloadOptions(asks1428, identity), null);

            // 16896 bytes held = 11 blocks of 1428 asked (15708) = 30 whole blocks of 512 granted.
            assertThat(result.startedFrom()).isEqualTo(StartedFrom.RESUMED);
            assertThat(result.resumedFrom()).isEqualTo(30 * 512);
            assertThat(Files.readAllBytes(local())).isEqualTo(data);
        }
    }

    @Test
    void aRemoteFileChangedBetweenAttemptsRestartsFromZeroAndSaysSo() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            Path remote = write(fixture.userFile("alice", "f.bin"), randomBytes(SIZE, 10));
            RemoteIdentity before = identityOf(remote);
            DownloadOptions options = new DownloadOptions(LOCKSTEP.withRetransmit(IMPATIENT), before);
            assertThatThrownBy(() -> breakingAfter(20).get(fixture.address(), token, "f.bin", local(), options, null))
                    .isInstanceOf(TransferException.class);

            byte[] changed = randomBytes(SIZE, 11); // same size: only the time and digest tell
            write(remote, changed);
            Files.setLastModifiedTime(remote, FileTime.from(before.modified().plusSeconds(60)));
            DownloadResult result = new UdpTransfers().get(fixture.address(), token, "f.bin", local(),
                    new DownloadOptions(LOCKSTEP, identityOf(remote)), null);

            assertThat(result.startedFrom()).isEqualTo(StartedFrom.RESTARTED_REMOTE_CHANGED);
            assertThat(result.resumedFrom()).isZero();
            assertThat(result.bytesTransferred()).isEqualTo(SIZE);
            assertThat(Files.readAllBytes(local())).isEqualTo(changed);
        }
    }

    /** A netdisk server that never heard of resume: the option is removed before the handler sees it. */
    private static RequestHandler withoutResume(RequestHandler handler) {
        return new RequestHandler() {
            @Override
            public ReadGrant read(TransferRequest request) throws RequestRefusedException {
                Request rrq = new ReadRequest(request.filename(), request.mode(),
                        request.options().without(ExtensionOptions.RESUME));
                return handler.read(new TransferRequest(rrq, request.client()));
            }

            @Override
            public WriteGrant write(TransferRequest request) throws RequestRefusedException {
                return handler.write(request);
            }
        };
    }

    @Test
    void aServerThatDoesNotConfirmTheResumeGetsTheWholeFile() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, Quota.NONE, ServerLimits.DEFAULT,
                UdpTransfersTest::withoutResume)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(SIZE, 12);
            RemoteIdentity identity = identityOf(write(fixture.userFile("alice", "f.bin"), data));
            DownloadOptions options = new DownloadOptions(LOCKSTEP.withRetransmit(IMPATIENT), identity);
            assertThatThrownBy(() -> breakingAfter(20).get(fixture.address(), token, "f.bin", local(), options, null))
                    .isInstanceOf(TransferException.class);

            DownloadResult result = new UdpTransfers().get(fixture.address(), token, "f.bin", local(),
                    options.withTransfer(LOCKSTEP), null);

            assertThat(result.startedFrom()).isEqualTo(StartedFrom.RESTARTED_NOT_CONFIRMED);
            assertThat(result.bytesTransferred()).isEqualTo(SIZE);
            assertThat(Files.readAllBytes(local())).isEqualTo(data);
        }
    }

    @Test
    void aDamagedSidecarRestartsFromZero() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(SIZE, 13);
            RemoteIdentity identity = identityOf(write(fixture.userFile("alice", "f.bin"), data));
            write(DownloadSidecar.partFileOf(local()), randomBytes(5000, 14));
            Files.writeString(DownloadSidecar.sidecarFileOf(local()), "{not json");

            DownloadResult result = new UdpTransfers().get(fixture.address(), token, "f.bin", local(),
                    new DownloadOptions(LOCKSTEP, identity), null);

            assertThat(result.startedFrom()).isEqualTo(StartedFrom.RESTARTED_PARTIAL_UNUSABLE);
            assertThat(Files.readAllBytes(local())).isEqualTo(data);
        }
    }

    @Test
    void aDigestMismatchDeletesThePartialCopyAndSaysSo() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            Path remote = write(fixture.userFile("alice", "f.bin"), randomBytes(SIZE, 15));
            RemoteIdentity real = identityOf(remote);
            RemoteIdentity wrong = new RemoteIdentity(real.size(), real.modified(), sha256(new byte[1]));

            assertThatThrownBy(() -> new UdpTransfers().get(fixture.address(), token, "f.bin", local(),
                    new DownloadOptions(LOCKSTEP, wrong), null))
                    .isInstanceOf(DigestMismatchException.class).hasMessageContaining("deleted");

            assertThat(local()).doesNotExist();
            assertThat(DownloadSidecar.partFileOf(local())).doesNotExist();
            assertThat(DownloadSidecar.sidecarFileOf(local())).doesNotExist();
        }
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void anInterruptedUploadLeavesTheOldFileIntactAndIsHeldForAResume() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] old = randomBytes(5000, 16);
            Path target = write(fixture.userFile("alice", "f.bin"), old);
            Path source = write(dir.resolve("up.bin"), randomBytes(SIZE, 17));
            AtomicBoolean cancel = new AtomicBoolean();
            UdpTransfers cancelling = new UdpTransfers(DatagramPortFactory.udp(), cancel::get);

            TransferException e = catchThrowableOfType(TransferException.class, () -> cancelling.put(fixture.address(), token,
                    source, "f.bin", new UploadOptions(LOCKSTEP),
                    (done, total) -> cancel.compareAndSet(false, done >= 10 * 512)));

            assertThat(e.failure().message()).contains("cancelled");
            assertThat(Files.readAllBytes(target)).isEqualTo(old);
            long end = System.nanoTime() + 5_000_000_000L;
            while (fixture.storage.folderOf("alice").heldUpload("f.bin").isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20); // the server holds it once it has the client's ERROR
            }
            assertThat(fixture.storage.folderOf("alice").heldUpload("f.bin").orElseThrow().held())
                    .isGreaterThanOrEqualTo(10 * 512);
            assertThat(fixture.storage.folderOf("alice").list()).extracting(f -> f.name()).containsExactly("f.bin");
        }
    }

    @Test
    void anUploadAboveTheQuotaIsRefusedBeforeAnyData() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, Quota.everyUser(1000), ServerLimits.DEFAULT)) {
            String token = fixture.login("alice");
            Path source = write(dir.resolve("up.bin"), randomBytes(SIZE, 18));

            TransferException e = catchThrowableOfType(TransferException.class, () -> new UdpTransfers().put(fixture.address(),
                    token, source, "f.bin", UploadOptions.defaults(), null));

            assertThat(e.failure().code()).isEqualTo(ErrorCode.DISK_FULL.code());
            assertThat(e.statistics().blocks()).isZero();
            assertThat(fixture.userFile("alice", "f.bin")).doesNotExist();
        }
    }
}
