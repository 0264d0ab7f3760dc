package netdisk.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import netdisk.tests.peers.StockPeers;
import netdisk.tests.peers.TftpdHpa;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TftpException;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.TransferMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our client against tftpd-hpa, which knows blksize, tsize and timeout but not windowsize: it
 * must leave windowsize out of its OACK, and we must go on lockstep with what it granted.
 */
class NetdiskClientWithTftpdHpaTest {

    /** Not a multiple of 512 or 1428: the final block is short either way. */
    private static final long SMALL = 300 * 1024 + 77;

    @TempDir
    Path temp;
    private Path served;
    private Path local;
    private final TftpClient client = new TftpClient();

    @AfterAll
    static void printTimings() {
        Timings.printSummary("big transfers over loopback so far");
    }

    @BeforeEach
    void folders() throws IOException {
        served = Files.createDirectory(temp.resolve("served"));
        local = Files.createDirectory(temp.resolve("local"));
    }

    @Test
    void getsWithDefaultOptionsAndGoesLockstepWhenTheServerIgnoresWindowsize() throws Exception {
        String sha = TestData.writeRandom(served.resolve("f.bin"), SMALL, 31);
        Path copy = local.resolve("f.bin");

        TransferResult result;
        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            result = client.get(server.address(), "f.bin", copy, TransferOptions.defaults());
        }

        assertThat(Digests.sha256(copy)).isEqualTo(sha);
        assertThat(result.fellBack()).isFalse();
        assertThat(result.acknowledged().get("windowsize")).as("OACK " + result.acknowledged()).isEmpty();
        assertThat(result.parameters().blockSize()).isEqualTo(TransferOptions.LAN_BLOCK_SIZE);
        assertThat(result.parameters().windowSize()).isEqualTo(1);
        assertThat(result.parameters().transferSize()).isEqualTo(SMALL);
    }

    @Test
    void putsWithDefaultOptionsAndGoesLockstepWhenTheServerIgnoresWindowsize() throws Exception {
        Path original = local.resolve("up.bin");
        String sha = TestData.writeRandom(original, SMALL, 32);

        TransferResult result;
        try (TftpdHpa server = TftpdHpa.serving(served).allowCreate().start()) {
            result = client.put(server.address(), original, "uploaded.bin", TransferOptions.defaults());
        }

        assertThat(Digests.sha256(served.resolve("uploaded.bin"))).isEqualTo(sha);
        assertThat(result.fellBack()).isFalse();
        assertThat(result.acknowledged().get("windowsize")).as("OACK " + result.acknowledged()).isEmpty();
        assertThat(result.parameters().blockSize()).isEqualTo(TransferOptions.LAN_BLOCK_SIZE);
        assertThat(result.parameters().windowSize()).isEqualTo(1);
    }

    @Test
    void getsWithAPlainRfc1350Request() throws Exception {
        String sha = TestData.writeRandom(served.resolve("f.bin"), SMALL, 33);
        Path copy = local.resolve("f.bin");

        TransferResult result;
        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            result = client.get(server.address(), "f.bin", copy, TransferOptions.plain());
        }

        assertThat(Digests.sha256(copy)).isEqualTo(sha);
        assertThat(result.acknowledged().isEmpty()).isTrue();
        assertThat(result.parameters().blockSize()).isEqualTo(512);
    }

    @Test
    void putsWithAPlainRfc1350Request() throws Exception {
        Path original = local.resolve("up.bin");
        String sha = TestData.writeRandom(original, SMALL, 34);

        try (TftpdHpa server = TftpdHpa.serving(served).allowCreate().start()) {
            client.put(server.address(), original, "uploaded.bin", TransferOptions.plain());
        }

        assertThat(Digests.sha256(served.resolve("uploaded.bin"))).isEqualTo(sha);
    }

    @Test
    void getsAFilePastTheBlockNumberWrapAtBlksize512() throws Exception {
        StockPeers.requireTftpdHpa();  // before writing 33 MiB for nothing
        String sha = TestData.writeRandom(served.resolve("big.bin"), TestFiles.PAST_THE_WRAP, 35);
        Path copy = local.resolve("big.bin");

        TransferResult result;
        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            long start = System.nanoTime();
            result = client.get(server.address(), "big.bin", copy, TransferOptions.defaults().withBlockSize(512));
            Timings.record("netdisk client get, tftpd-hpa server, blksize 512", TestFiles.PAST_THE_WRAP,
                    Duration.ofNanos(System.nanoTime() - start), Timings.ours(result.statistics()));
        }

        assertThat(Digests.sha256(copy)).isEqualTo(sha);
        assertThat(result.parameters().blockSize()).isEqualTo(512);
        assertThat(result.statistics().blocks()).as("blocks received, past block number 65535").isGreaterThan(65535);
    }

    /**
     * tftpd-hpa cannot tell the size of a file it translates and answers a netascii read that
     * asks for tsize with ERROR 8; so we do not ask for tsize in netascii, keep the other options,
     * and turn its CR LF and CR NUL back into LF and CR.
     */
    @Test
    void getsATextFileInNetasciiModeKeepingItsBlockSize() throws Exception {
        String sha = TestFiles.text(served.resolve("notes.txt"), 400);
        Path copy = local.resolve("notes.txt");

        TransferResult result;
        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            result = client.get(server.address(), "notes.txt", copy,
                    TransferOptions.defaults().withMode(TransferMode.NETASCII));
        }

        assertThat(Digests.sha256(copy)).isEqualTo(sha);
        assertThat(result.fellBack()).as("no ERROR 8, so no retry without options").isFalse();
        assertThat(result.parameters().blockSize()).isEqualTo(TransferOptions.LAN_BLOCK_SIZE);
    }

    /** Our netascii encoding, checked by tftpd-hpa's decoder: the stored file has LF line ends again. */
    @Test
    void putsATextFileInNetasciiMode() throws Exception {
        Path original = local.resolve("notes.txt");
        String sha = TestFiles.text(original, 400);

        try (TftpdHpa server = TftpdHpa.serving(served).allowCreate().start()) {
            client.put(server.address(), original, "notes.txt", TransferOptions.defaults().withMode(TransferMode.NETASCII));
        }

        assertThat(Digests.sha256(served.resolve("notes.txt"))).isEqualTo(sha);
    }

    @Test
    void aMissingFileFailsWithTheServersErrorCode1() throws Exception {
        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            TftpException failure = catchThrowableOfType(TftpException.class,
                    () -> client.get(server.address(), "missing.bin", local.resolve("missing.bin"),
                            TransferOptions.defaults()));

            assertThat(failure).as("a TftpException").isNotNull();
            assertThat(failure.failure().code()).as(failure.failure().toString())
                    .isEqualTo(ErrorCode.FILE_NOT_FOUND.code());
        }
        assertThat(local.resolve("missing.bin")).doesNotExist();
    }
}
