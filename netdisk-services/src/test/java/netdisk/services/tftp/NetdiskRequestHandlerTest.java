package netdisk.services.tftp;

import static netdisk.services.tftp.ServerFixture.LOOPBACK;
import static netdisk.services.tftp.ServerFixture.OTHER_HOST;
import static netdisk.services.tftp.ServerFixture.portsOn;
import static netdisk.testkit.TestData.randomBytes;
import static netdisk.testkit.TestData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import netdisk.services.storage.Quota;
import netdisk.services.storage.Upload;
import netdisk.services.storage.UploadReservations;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.blocks.ByteArrayBlockSource;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TftpException;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.options.ServerLimits;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.server.ReadGrant;
import netdisk.udp.server.RequestRefusedException;
import netdisk.udp.server.TransferRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The netdisk request handler behind a real server on loopback, driven by the plain engine
 * client with the extension options set by hand (spec/protocol.md 5.1).
 */
@Timeout(30)
class NetdiskRequestHandlerTest {

    @TempDir
    Path dir;

    private static final TransferOptions OPTIONS = TransferOptions.defaults().withBlockSize(512).withWindowSize(8);

    private static TransferOptions withToken(TransferOptions options, String token) {
        return options.withExtensions(TftpOptions.of(ExtensionOptions.TOKEN, token));
    }

    private static ErrorCode refusal(ThrowingCall call) {
        try {
            call.run();
        } catch (TftpException e) {
            return ErrorCode.of(e.failure().code());
        } catch (Exception e) {
            throw new AssertionError("expected a TFTP error, got " + e, e);
        }
        throw new AssertionError("expected a TFTP error, the transfer succeeded");
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ public area

    @Test
    void readsAPublicFileWithoutToken() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            byte[] data = randomBytes(5000, 1);
            write(fixture.publicFile("readme.bin"), data);

            ByteArrayBlockSink sink = new ByteArrayBlockSink();
            TransferResult result = new TftpClient().get(fixture.address(), "readme.bin", sink, OPTIONS);

            assertThat(sink.bytes()).isEqualTo(data);
            assertThat(result.acknowledged().contains(ExtensionOptions.TOKEN)).isFalse();
        }
    }

    @Test
    void refusesAnUploadWithoutTokenWithError2() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            TftpException e = (TftpException) catchPut(fixture, OPTIONS, "up.bin");
            assertThat(e.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
            assertThat(e.failure().message()).contains("log in to upload");
            assertThat(fixture.publicFile("up.bin")).doesNotExist();
        }
    }

    private static Exception catchPut(ServerFixture fixture, TransferOptions options, String name) {
        try {
            new TftpClient().put(fixture.address(), new ByteArrayBlockSource(randomBytes(3000, 2)), name, options);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the upload succeeded");
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void aTokenSelectsTheUsersFolderAndIsAcknowledgedWithOk() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] own = randomBytes(3000, 3);
            write(fixture.userFile("alice", "same.bin"), own);
            write(fixture.publicFile("same.bin"), randomBytes(3000, 4));

            ByteArrayBlockSink sink = new ByteArrayBlockSink();
            TransferResult result = new TftpClient().get(fixture.address(), "same.bin", sink, withToken(OPTIONS, token));

            assertThat(sink.bytes()).isEqualTo(own);
            assertThat(result.acknowledged().get(ExtensionOptions.TOKEN)).contains("ok");
        }
    }

    @Test
    void uploadsWithATokenIntoTheUsersFolderOnly() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(4000, 5);

            TransferResult result = new TftpClient().put(fixture.address(), new ByteArrayBlockSource(data), "new.bin",
                    withToken(OPTIONS, token));

            assertThat(result.acknowledged().get(ExtensionOptions.TOKEN)).contains("ok");
            assertThat(Files.readAllBytes(fixture.userFile("alice", "new.bin"))).isEqualTo(data);
            assertThat(fixture.publicFile("new.bin")).doesNotExist();
        }
    }

    @Test
    void refusesATokenUsedFromAnotherAddress() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice"); // logged in from 127.0.0.1
            write(fixture.userFile("alice", "f.bin"), randomBytes(100, 6));
            TftpClient elsewhere = new TftpClient(portsOn(OTHER_HOST), () -> false);

            TftpException e = org.assertj.core.api.Assertions.catchThrowableOfType(TftpException.class,
                    () -> elsewhere.get(fixture.address(), "f.bin", new ByteArrayBlockSink(), withToken(OPTIONS, token)));

            assertThat(e.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
            assertThat(e.failure().message()).contains("invalid or expired session");
            // The same token from the address that logged in works.
            new TftpClient(portsOn(LOOPBACK), () -> false)
                    .get(fixture.address(), "f.bin", new ByteArrayBlockSink(), withToken(OPTIONS, token));
        }
    }

    @Test
    void refusesAnUnknownOrRevokedToken() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            write(fixture.userFile("alice", "f.bin"), randomBytes(100, 7));
            fixture.accounts.logout(token);

            for (String bad : new String[] {token, "not-a-token"}) {
                ErrorCode code = refusal(() -> new TftpClient().get(fixture.address(), "f.bin", new ByteArrayBlockSink(),
                        withToken(OPTIONS, bad)));
                assertThat(code).isEqualTo(ErrorCode.ACCESS_VIOLATION);
            }
        }
    }

    // ------------------------------------------------------------------ names

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/passwd", "a/b", "a\\b", "..", ".", "link-out"})
    void refusesNamesThatLeaveTheFolderWithError2(String name) throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            Path outside = write(dir.resolve("outside.txt"), "secret".getBytes());
            write(fixture.userFile("alice", "x"), randomBytes(10, 8));
            Files.createSymbolicLink(fixture.userFile("alice", "link-out"), outside);
            Files.createSymbolicLink(fixture.publicFile("link-out"), outside);

            assertThat(refusal(() -> new TftpClient().get(fixture.address(), name, new ByteArrayBlockSink(),
                    withToken(OPTIONS, token)))).as("user read").isEqualTo(ErrorCode.ACCESS_VIOLATION);
            assertThat(refusal(() -> new TftpClient().get(fixture.address(), name, new ByteArrayBlockSink(),
                    OPTIONS))).as("public read").isEqualTo(ErrorCode.ACCESS_VIOLATION);
            if (!name.equals("link-out")) {
                assertThat(refusal(() -> new TftpClient().put(fixture.address(),
                        new ByteArrayBlockSource(new byte[10]), name, withToken(OPTIONS, token))))
                        .as("user write").isEqualTo(ErrorCode.ACCESS_VIOLATION);
            }
            assertThat(Files.readString(outside)).isEqualTo("secret");
        }
    }

    @Test
    void anUploadOverALinkOutReplacesTheLinkNotWhatItPointsTo() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            Path outside = write(dir.resolve("outside.txt"), "secret".getBytes());
            fixture.storage.folderOf("alice");
            Files.createSymbolicLink(fixture.userFile("alice", "link-out"), outside);
            byte[] data = randomBytes(700, 9);

            new TftpClient().put(fixture.address(), new ByteArrayBlockSource(data), "link-out", withToken(OPTIONS, token));

            assertThat(Files.readString(outside)).isEqualTo("secret");
            assertThat(Files.isSymbolicLink(fixture.userFile("alice", "link-out"))).isFalse();
            assertThat(Files.readAllBytes(fixture.userFile("alice", "link-out"))).isEqualTo(data);
        }
    }

    @Test
    void aMissingFileIsError1() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            assertThat(refusal(() -> new TftpClient().get(fixture.address(), "nothing", new ByteArrayBlockSink(),
                    withToken(OPTIONS, token)))).isEqualTo(ErrorCode.FILE_NOT_FOUND);
            assertThat(refusal(() -> new TftpClient().get(fixture.address(), "nothing", new ByteArrayBlockSink(),
                    OPTIONS))).isEqualTo(ErrorCode.FILE_NOT_FOUND);
        }
    }

    // ------------------------------------------------------------------ resume

    /** Counts the bytes the client held before the resumed data, as a resuming sink must. */
    private static final class ResumedSink implements BlockSink {
        final ByteArrayBlockSink bytes = new ByteArrayBlockSink();
        long offset;
        TftpOptions oack;

        @Override
        public void begin(TransferParameters parameters, TftpOptions acknowledged) {
            oack = acknowledged;
            offset = acknowledged.get(ExtensionOptions.RESUME).map(Long::parseLong).orElse(0L) * parameters.blockSize();
        }

        @Override
        public void write(ByteBuffer payload) throws IOException {
            bytes.write(payload);
        }

        @Override
        public void complete() {
            bytes.complete();
        }

        @Override
        public void abort() {
            bytes.abort();
        }

        @Override
        public long bytesReceived() {
            return offset + bytes.bytesReceived();
        }

        @Override
        public void close() {}
    }

    private ResumedSink resume(ServerFixture fixture, String token, String name, int blockSize, long blocks)
            throws Exception {
        ResumedSink sink = new ResumedSink();
        TransferOptions options = OPTIONS.withBlockSize(blockSize).withExtensions(TftpOptions.of(
                ExtensionOptions.TOKEN, token, ExtensionOptions.RESUME, Long.toString(blocks)));
        new TftpClient().get(fixture.address(), name, sink, options);
        return sink;
    }

    @Test
    void resumesAfterTheBlocksHeldAndAnnouncesTheWholeSize() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(10 * 512 + 300, 10);
            write(fixture.userFile("alice", "f.bin"), data);

            ResumedSink sink = resume(fixture, token, "f.bin", 512, 4);

            assertThat(sink.oack.get(ExtensionOptions.RESUME)).contains("4");
            assertThat(sink.oack.get("tsize")).contains(Long.toString(data.length));
            assertThat(sink.oack.get(ExtensionOptions.TOKEN)).contains("ok");
            assertThat(sink.bytes.bytes()).isEqualTo(Arrays.copyOfRange(data, 4 * 512, data.length));
        }
    }

    @Test
    void resumesInTheGrantedBlockSizeWhenTheServerLowersIt() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, Quota.NONE, new ServerLimits(512, 16))) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(40_000, 11);
            write(fixture.userFile("alice", "f.bin"), data);

            // 5 blocks of 1428 = 7140 bytes held; in 512-byte blocks that is 13 whole ones (6656).
            ResumedSink sink = resume(fixture, token, "f.bin", 1428, 5);

            assertThat(sink.oack.get("blksize")).contains("512");
            assertThat(sink.oack.get(ExtensionOptions.RESUME)).contains("13");
            assertThat(sink.bytes.bytes()).isEqualTo(Arrays.copyOfRange(data, 13 * 512, data.length));
        }
    }

    @Test
    void aResumePastTheEndStartsAtTheLastWholeBlock() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] exact = randomBytes(6 * 512, 12);
            byte[] ragged = randomBytes(6 * 512 + 10, 13);
            write(fixture.userFile("alice", "exact.bin"), exact);
            write(fixture.userFile("alice", "ragged.bin"), ragged);

            ResumedSink all = resume(fixture, token, "exact.bin", 512, 1_000_000);
            assertThat(all.oack.get(ExtensionOptions.RESUME)).contains("6");
            assertThat(all.bytes.bytes()).as("only the empty final block").isEmpty();

            ResumedSink tail = resume(fixture, token, "ragged.bin", 512, 7);
            assertThat(tail.oack.get(ExtensionOptions.RESUME)).contains("6");
            assertThat(tail.bytes.bytes()).isEqualTo(Arrays.copyOfRange(ragged, 6 * 512, ragged.length));
        }
    }

    @Test
    void resumeWorksOnPublicFilesToo() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            byte[] data = randomBytes(3 * 512 + 1, 14);
            write(fixture.publicFile("p.bin"), data);
            ResumedSink sink = new ResumedSink();
            new TftpClient().get(fixture.address(), "p.bin", sink,
                    OPTIONS.withExtensions(TftpOptions.of(ExtensionOptions.RESUME, "2")));
            assertThat(sink.oack.get(ExtensionOptions.RESUME)).contains("2");
            assertThat(sink.bytes.bytes()).isEqualTo(Arrays.copyOfRange(data, 1024, data.length));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "", "1.5", "+3", "12345678901234567890", "9223372036854775807"})
    void refusesAResumeThatIsNoBlockCountWithError8(String value) throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            write(fixture.publicFile("p.bin"), randomBytes(100, 15));
            NetdiskRequestHandler handler = new NetdiskRequestHandler(fixture.accounts, fixture.storage);
            ReadRequest rrq = new ReadRequest("p.bin", TransferMode.OCTET,
                    TftpOptions.of("blksize", "512", ExtensionOptions.RESUME, value));

            assertThatThrownBy(() -> handler.read(new TransferRequest(rrq, new InetSocketAddress(LOOPBACK, 1000))))
                    .isInstanceOfSatisfying(RequestRefusedException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OPTION_NEGOTIATION));
        }
    }

    @Test
    void ignoresResumeInNetasciiReads() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            write(fixture.publicFile("t.txt"), "line\n".repeat(300).getBytes());
            NetdiskRequestHandler handler = new NetdiskRequestHandler(fixture.accounts, fixture.storage);
            ReadRequest rrq = new ReadRequest("t.txt", TransferMode.NETASCII,
                    TftpOptions.of(ExtensionOptions.RESUME, "2"));
            ReadGrant grant = handler.read(new TransferRequest(rrq, new InetSocketAddress(LOOPBACK, 1000)));
            try {
                assertThat(grant.settle().settle(TransferParameters.RFC1350)).isEqualTo(TftpOptions.NONE);
            } finally {
                grant.source().close();
            }
        }
    }

    // ------------------------------------------------------------------ upload resume

    /** The client's side of a resumed upload: sends {@code data} from the offset the OACK confirms. */
    private static final class ResumingSource implements BlockSource {
        final byte[] data;
        long offset;
        TftpOptions oack = TftpOptions.NONE;

        ResumingSource(byte[] data) {
            this.data = data;
        }

        @Override
        public void begin(TransferParameters parameters, TftpOptions acknowledged) {
            oack = acknowledged;
            offset = acknowledged.get(ExtensionOptions.RESUME).map(Long::parseLong).orElse(0L) * parameters.blockSize();
        }

        @Override
        public int read(long block, ByteBuffer dst) {
            long from = offset + (block - 1) * dst.remaining();
            int n = (int) Math.max(0, Math.min(dst.remaining(), data.length - from));
            dst.put(data, (int) from, n);
            return n;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public void close() {}
    }

    /** Leaves the first {@code bytes} of {@code data} as alice's held upload of {@code name}. */
    private static void hold(ServerFixture fixture, String name, byte[] data, int bytes) throws Exception {
        try (Upload upload = fixture.storage.folderOf("alice").uploadTarget(name)
                .openResumable(UploadReservations.Reservation.UNLIMITED, data.length)) {
            upload.write(ByteBuffer.wrap(data, 0, bytes));
            upload.abort();
        }
    }

    private static ResumingSource putResuming(ServerFixture fixture, String token, String name, byte[] data,
            int blockSize, long blocks, boolean tsize) throws Exception {
        ResumingSource source = new ResumingSource(data);
        TransferOptions options = OPTIONS.withBlockSize(blockSize).withAskSize(tsize).withExtensions(TftpOptions.of(
                ExtensionOptions.TOKEN, token, ExtensionOptions.RESUME, Long.toString(blocks)));
        new TftpClient().put(fixture.address(), source, name, options);
        return source;
    }

    @Test
    void aWriteContinuesTheHeldUploadAfterTheBlocksConfirmed() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(10 * 512 + 300, 40);
            hold(fixture, "f.bin", data, 4 * 512 + 100);

            ResumingSource source = putResuming(fixture, token, "f.bin", data, 512, 4, true);

            assertThat(source.oack.get(ExtensionOptions.RESUME)).contains("4");
            assertThat(source.oack.get(ExtensionOptions.TOKEN)).contains("ok");
            assertThat(Files.readAllBytes(fixture.userFile("alice", "f.bin"))).isEqualTo(data);
            assertThat(fixture.storage.folderOf("alice").heldUpload("f.bin")).as("completed: gone").isEmpty();
            awaitNoPartFiles(fixture.userFile("alice", "f.bin").getParent());
        }
    }

    @Test
    void aWriteContinuesInTheGrantedBlockSizeNeverPastWhatIsHeld() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, Quota.NONE, new ServerLimits(512, 16))) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(40_000, 41);
            hold(fixture, "f.bin", data, 7000);

            // 4 blocks of 1428 asked = 5712 bytes: 11 whole blocks of the granted 512 (5632).
            ResumingSource asked = putResuming(fixture, token, "f.bin", data, 1428, 4, true);
            assertThat(asked.oack.get(ExtensionOptions.RESUME)).contains("11");
            assertThat(Files.readAllBytes(fixture.userFile("alice", "f.bin"))).isEqualTo(data);

            // Asking for more than is held: capped at the 13 whole blocks of 512 in 7000 bytes.
            hold(fixture, "g.bin", data, 7000);
            ResumingSource greedy = putResuming(fixture, token, "g.bin", data, 512, 1000, true);
            assertThat(greedy.oack.get(ExtensionOptions.RESUME)).contains("13");
            assertThat(Files.readAllBytes(fixture.userFile("alice", "g.bin"))).isEqualTo(data);
        }
    }

    @Test
    void aWriteOfAnotherSizeOrWithoutTsizeIsNotConfirmedAndStartsFromZero() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            byte[] data = randomBytes(6000, 42);
            hold(fixture, "f.bin", data, 3000);
            byte[] longer = Arrays.copyOf(data, 6001);

            ResumingSource otherSize = putResuming(fixture, token, "f.bin", longer, 512, 5, true);
            assertThat(otherSize.oack.get(ExtensionOptions.RESUME)).isEmpty();
            assertThat(Files.readAllBytes(fixture.userFile("alice", "f.bin"))).isEqualTo(longer);

            hold(fixture, "g.bin", data, 3000);
            ResumingSource noSize = putResuming(fixture, token, "g.bin", data, 512, 5, false);
            assertThat(noSize.oack.get(ExtensionOptions.RESUME)).isEmpty();
            assertThat(Files.readAllBytes(fixture.userFile("alice", "g.bin"))).isEqualTo(data);
            assertThat(fixture.storage.folderOf("alice").heldUpload("g.bin")).as("completed: gone").isEmpty();
        }
    }

    @Test
    void refusesAWriteResumeThatIsNoBlockCountWithError8() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            String token = fixture.login("alice");
            TransferOptions options = OPTIONS.withExtensions(TftpOptions.of(ExtensionOptions.TOKEN, token,
                    ExtensionOptions.RESUME, "-1"));
            TftpException e = org.assertj.core.api.Assertions.catchThrowableOfType(TftpException.class,
                    () -> new TftpClient().put(fixture.address(), new ByteArrayBlockSource(randomBytes(100, 43)),
                            "f.bin", options));
            // The client retries without options after ERROR 8: without the token that is "log in".
            assertThat(e.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
        }
    }

    // ------------------------------------------------------------------ quota

    @Test
    void refusesAnUploadAboveTheQuotaByTsizeBeforeAnyData() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, Quota.everyUser(10_000), ServerLimits.DEFAULT)) {
            String token = fixture.login("alice");
            byte[] old = randomBytes(2000, 16);
            write(fixture.userFile("alice", "other.bin"), randomBytes(5000, 17));
            write(fixture.userFile("alice", "f.bin"), old);

            // Room for f.bin: 10000 - 5000 (other) = 5000; the old f.bin does not count.
            TftpException e = org.assertj.core.api.Assertions.catchThrowableOfType(TftpException.class,
                    () -> new TftpClient().put(fixture.address(), new ByteArrayBlockSource(randomBytes(5001, 18)),
                            "f.bin", withToken(OPTIONS, token)));

            assertThat(e.failure().code()).isEqualTo(ErrorCode.DISK_FULL.code());
            assertThat(e.failure().message()).contains("quota");
            assertThat(e.statistics().blocks()).isZero();
            assertThat(Files.readAllBytes(fixture.userFile("alice", "f.bin"))).isEqualTo(old);

            byte[] fits = randomBytes(5000, 19);
            new TftpClient().put(fixture.address(), new ByteArrayBlockSource(fits), "f.bin", withToken(OPTIONS, token));
            assertThat(Files.readAllBytes(fixture.userFile("alice", "f.bin"))).isEqualTo(fits);
        }
    }

    @Test
    void refusesBytesBeyondTheQuotaMidTransferWithoutTsize() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, Quota.everyUser(10_000), ServerLimits.DEFAULT)) {
            String token = fixture.login("alice");
            byte[] old = randomBytes(2000, 20);
            write(fixture.userFile("alice", "f.bin"), old);

            TftpException e = org.assertj.core.api.Assertions.catchThrowableOfType(TftpException.class,
                    () -> new TftpClient().put(fixture.address(), new ByteArrayBlockSource(randomBytes(20_000, 21)),
                            "f.bin", withToken(OPTIONS.withAskSize(false), token)));

            assertThat(e.failure().code()).isEqualTo(ErrorCode.DISK_FULL.code());
            assertThat(e.statistics().blocks()).as("some data moved before the refusal").isPositive();
            assertThat(Files.readAllBytes(fixture.userFile("alice", "f.bin"))).isEqualTo(old);
            awaitNoPartFiles(fixture.userFile("alice", "f.bin").getParent());
        }
    }

    /** The server aborts its sink just after the ERROR goes out: give it a moment. */
    static void awaitNoPartFiles(Path folder) throws Exception {
        long end = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try (Stream<Path> files = Files.list(folder)) {
                var left = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
                if (left.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError("part files left: " + left);
                }
            }
            Thread.sleep(20);
        }
    }
}
