package netdisk.tests.peers;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.testkit.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the interop harness before anything is measured with it: tftpd-hpa, curl and tftp-hpa
 * move a file unchanged between each other, and their failures are reported as failures.
 * Every test skips with a message when a peer is missing.
 */
class HarnessSelfTest {

    /** 100 KiB: 200 full 512-byte blocks and no short one, so the final block is empty. */
    private static final int FILE_SIZE = 100 * 1024;

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
    void tftpdHpaServesARandomFileToCurlUnchanged() throws IOException {
        Path original = TestData.randomFile(served.resolve("random.bin"), FILE_SIZE, 1);
        Path copy = local.resolve("copy.bin");

        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            PeerRun run = Curl.get(server.address(), "random.bin", copy);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
        }
        assertThat(sha256(copy)).isEqualTo(sha256(original));
    }

    @Test
    void tftpdHpaServesARandomFileToTftpHpaUnchanged() throws IOException {
        Path original = TestData.randomFile(served.resolve("random.bin"), FILE_SIZE, 2);
        Path copy = local.resolve("copy.bin");

        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            PeerRun run = TftpHpaClient.get(server.address(), "random.bin", copy);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
        }
        assertThat(sha256(copy)).isEqualTo(sha256(original));
    }

    @Test
    void tftpHpaUploadsIntoTftpdHpaThatAllowsCreateUnchanged() throws IOException {
        Path original = TestData.randomFile(local.resolve("upload.bin"), FILE_SIZE, 3);

        try (TftpdHpa server = TftpdHpa.serving(served).allowCreate().start()) {
            PeerRun run = TftpHpaClient.put(server.address(), original, "uploaded.bin");

            assertThat(run.succeeded()).as(run.toString()).isTrue();
        }
        assertThat(sha256(served.resolve("uploaded.bin"))).isEqualTo(sha256(original));
    }

    @Test
    void curlReportsAMissingFileWithExitCode68() {
        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            PeerRun run = Curl.get(server.address(), "missing.bin", local.resolve("missing.bin"));

            assertThat(run.succeeded()).as(run.toString()).isFalse();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(Curl.EXIT_TFTP_NOT_FOUND);
        }
    }

    @Test
    void tftpHpaErrorFromTheServerCountsAsFailureThoughItExitsZero() {
        try (TftpdHpa server = TftpdHpa.serving(served).start()) {
            PeerRun run = TftpHpaClient.get(server.address(), "missing.bin", local.resolve("missing.bin"));

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.succeeded()).as(run.toString()).isFalse();
            assertThat(run.stdout()).contains("Error code 1");
        }
    }

    @Test
    void stopsTheDaemonByPidOnClose() {
        TftpdHpa server = TftpdHpa.serving(served).start();
        ProcessHandle daemon = ProcessHandle.of(server.pid()).orElseThrow();

        server.close();

        assertThat(daemon.isAlive()).isFalse();
    }

    @Test
    void refusesTrafficBeyondLoopback() {
        InetSocketAddress elsewhere = new InetSocketAddress("192.0.2.1", 69);  // TEST-NET-1, RFC 5737

        assertThatThrownBy(() -> Curl.get(elsewhere, "f", local.resolve("f")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
