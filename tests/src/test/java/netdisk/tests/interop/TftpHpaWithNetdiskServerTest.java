package netdisk.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import netdisk.tests.peers.PeerRun;
import netdisk.tests.peers.TftpHpaClient;
import netdisk.udp.server.TransferReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * tftp-hpa's client against our server: plain RFC 1350 requests (no options), lockstep, 512-byte
 * blocks, in binary (octet) or netascii mode. Every test runs against our server in each
 * {@link OurTftpServer.Mode}: a port per transfer, and single-port mode.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(OurTftpServer.Mode.class)
class TftpHpaWithNetdiskServerTest {

    @Parameter
    OurTftpServer.Mode mode;

    /** 100 KiB + 1: 200 full blocks and a 1-byte final one. */
    private static final long SIZE = 100 * 1024 + 1;
    /** About 40 KB of text: some 80 DATA blocks, many with a CR LF split across two of them. */
    private static final int LINES = 400;

    @TempDir
    Path temp;
    private Path served;
    private Path local;

    @BeforeEach
    void folders() throws IOException {
        served = Files.createDirectory(temp.resolve("served"));
        local = Files.createDirectory(temp.resolve("local"));
    }

    @Test
    void tftpHpaFetchesAFileInBinaryMode() throws Exception {
        String sha = TestData.writeRandom(served.resolve("f.bin"), SIZE, 21);
        Path copy = local.resolve("f.bin");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, served)) {
            PeerRun run = TftpHpaClient.get(server.address(), "f.bin", copy);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            assertThat(server.nextReport().failure()).isNull();
        }
        assertThat(Digests.sha256(copy)).isEqualTo(sha);
    }

    @Test
    void tftpHpaUploadsAFileInBinaryModeIntoOurWritableServer() throws Exception {
        Path original = local.resolve("up.bin");
        String sha = TestData.writeRandom(original, SIZE, 22);

        try (OurTftpServer server = OurTftpServer.writable(mode, served)) {
            PeerRun run = TftpHpaClient.put(server.address(), original, "uploaded.bin");

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertThat(report.failure()).isNull();
            assertThat(report.direction()).isEqualTo(TransferReport.Direction.WRITE);
        }
        assertThat(Digests.sha256(served.resolve("uploaded.bin"))).isEqualTo(sha);
    }

    /**
     * Our server sends LF as CR LF and a bare CR as CR NUL (RFC 1350 §1, RFC 764); tftp-hpa
     * translates them back, so the local copy equals the original only when our encoding is right,
     * including CR LF pairs split across two DATA blocks.
     */
    @Test
    void tftpHpaFetchesATextFileInNetasciiModeAndGetsItsLfLineEndsBack() throws Exception {
        Path original = served.resolve("notes.txt");
        String sha = TestFiles.text(original, LINES);
        Path copy = local.resolve("notes.txt");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, served)) {
            PeerRun run = TftpHpaClient.getNetascii(server.address(), "notes.txt", copy);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertThat(report.failure()).isNull();
            assertThat(report.statistics().bytes()).as("wire bytes: one CR more per line, one NUL more per bare CR")
                    .isEqualTo(Files.size(original) + LINES + 1);
        }
        assertThat(Digests.sha256(copy)).isEqualTo(sha);
    }
}
