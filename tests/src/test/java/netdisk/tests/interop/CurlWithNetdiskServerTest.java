package netdisk.tests.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import netdisk.tests.peers.Curl;
import netdisk.tests.peers.PeerRun;
import netdisk.tests.peers.StockPeers;
import netdisk.tests.peers.TftpdHpa;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairedDatagramPortFactory;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.server.TransferReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * curl's TFTP client against our server. curl asks for tsize, blksize 512 and timeout 6 unless
 * told otherwise, has no windowsize (so it is lockstep), and wraps block numbers to 0.
 *
 * <p>The big file (past the block-number wrap at 512) is also fetched from tftpd-hpa at the same
 * block sizes, as a yardstick: the wall times go to the test log ({@code INTEROP TIMING}).
 *
 * <p>Every test runs against our server in each {@link OurTftpServer.Mode}: a port per transfer,
 * and single-port mode, where curl gets every reply from the port it sent its request to; and
 * the whole matrix once more over IPv6 loopback ({@code tftp://[::1]:port/}), skipped visibly
 * where ::1 is not configured.
 */
@ParameterizedClass(name = "{0} on {1}")
@MethodSource("servers")
class CurlWithNetdiskServerTest {

    @Parameter(0)
    OurTftpServer.Mode mode;

    /** Where our server listens and curl sends: 127.0.0.1, and once the whole matrix over ::1. */
    @Parameter(1)
    String loopback;

    static Stream<Arguments> servers() {
        return Stream.of(arguments(OurTftpServer.Mode.PORT_PER_TRANSFER, "127.0.0.1"),
                arguments(OurTftpServer.Mode.SINGLE_PORT, "127.0.0.1"),
                arguments(OurTftpServer.Mode.PORT_PER_TRANSFER, "::1"));
    }

    private InetAddress at;

    /** Small enough to be quick, and not a multiple of 512 or 1428: the final block is short. */
    private static final long SMALL = 100 * 1024 + 300;
    private static final Duration BIG_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path shared;
    private static Path bigServed;
    private static String bigSha;

    @TempDir
    Path temp;
    private Path served;
    private Path local;

    @BeforeEach
    void folders() throws IOException {
        at = InetAddress.getByName(loopback);
        Assumptions.assumeTrue(loopbackWorks(at), () -> loopback + " is not configured here: skipping");
        served = Files.createDirectory(temp.resolve("served"));
        local = Files.createDirectory(temp.resolve("local"));
    }

    @AfterAll
    static void printTimings() {
        Timings.printSummary("big transfers over loopback so far");
    }

    @Test
    void curlFetchesAFileAtItsDefaultBlksize512() throws Exception {
        String sha = TestData.writeRandom(served.resolve("small.bin"), SMALL, 11);
        Path copy = local.resolve("small.bin");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, served, at)) {
            PeerRun run = Curl.get(server.address(), "small.bin", copy);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            assertSucceeded(server.nextReport());
        }
        assertThat(Digests.sha256(copy)).isEqualTo(sha);
    }

    /** Over IPv6 loopback: curl's tftp://[::1]:port/ both ways, bit-exact. */
    @Test
    void curlFetchesAndSendsAFileOverIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        Assumptions.assumeTrue(loopbackWorks(v6), "IPv6 loopback (::1) is not configured here: skipping");
        String sha = TestData.writeRandom(served.resolve("six.bin"), SMALL, 16);
        Path copy = local.resolve("six.bin");

        try (OurTftpServer server = OurTftpServer.writableOn(mode, served, v6)) {
            assertThat(server.address().getAddress()).isEqualTo(v6);
            PeerRun get = Curl.get(server.address(), "six.bin", copy, "--tftp-blksize", "1428");
            assertThat(get.succeeded()).as(get.toString()).isTrue();
            assertSucceeded(server.nextReport());

            PeerRun put = Curl.put(server.address(), copy, "back.bin");
            assertThat(put.succeeded()).as(put.toString()).isTrue();
            assertSucceeded(server.nextReport());
        }
        assertThat(Digests.sha256(copy)).isEqualTo(sha);
        assertThat(Digests.sha256(served.resolve("back.bin"))).isEqualTo(sha);
    }

    private static boolean loopbackWorks(InetAddress address) {
        try (var socket = new java.net.DatagramSocket(new InetSocketAddress(address, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void curlFetchesAFileWithBlksize1428() throws Exception {
        String sha = TestData.writeRandom(served.resolve("small.bin"), SMALL, 12);
        Path copy = local.resolve("small.bin");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, served, at)) {
            PeerRun run = Curl.get(server.address(), "small.bin", copy, "--tftp-blksize", "1428");

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertSucceeded(report);
            assertThat(report.statistics().blocks()).as("blocks of 1428 bytes").isEqualTo(SMALL / 1428 + 1);
        }
        assertThat(Digests.sha256(copy)).isEqualTo(sha);
    }

    @Test
    void curlFetchesAFilePastTheBlockNumberWrap() throws Exception {
        StockPeers.require(StockPeers.Peer.CURL);  // before writing 33 MiB for nothing
        Path copy = local.resolve("big.bin");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, bigServed(), at)) {
            long start = System.nanoTime();
            PeerRun run = Curl.get(server.address(), "big.bin", copy, BIG_TIMEOUT);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertSucceeded(report);
            assertThat(report.statistics().blocks()).as("blocks sent, past block number 65535").isGreaterThan(65535);
            Timings.record("curl get, " + ourServer() + ", blksize 512", TestFiles.PAST_THE_WRAP, wall,
                    Timings.ours(report.statistics()));
        }
        assertThat(Digests.sha256(copy)).isEqualTo(bigSha);
    }

    @Test
    void curlFetchesTheBigFileWithBlksize1428() throws Exception {
        StockPeers.require(StockPeers.Peer.CURL);  // before writing 33 MiB for nothing
        Path copy = local.resolve("big.bin");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, bigServed(), at)) {
            long start = System.nanoTime();
            PeerRun run = Curl.get(server.address(), "big.bin", copy, BIG_TIMEOUT, "--tftp-blksize", "1428");
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertSucceeded(report);
            Timings.record("curl get, " + ourServer() + ", blksize 1428", TestFiles.PAST_THE_WRAP, wall,
                    Timings.ours(report.statistics()));
        }
        assertThat(Digests.sha256(copy)).isEqualTo(bigSha);
    }

    /** The yardstick for the two timings above: the same file, curl and block size from tftpd-hpa. */
    @ParameterizedTest(name = "blksize {0}")
    @ValueSource(ints = {512, 1428})
    void tftpdHpaServesTheSameBigFileToCurlAsAYardstick(int blksize) throws Exception {
        Assumptions.assumeTrue(mode == OurTftpServer.Mode.PORT_PER_TRANSFER && loopback.equals("127.0.0.1"),
                "the yardstick is tftpd-hpa's, whatever our server's mode and address: measured once");
        StockPeers.require(StockPeers.Peer.CURL);
        StockPeers.requireTftpdHpa();
        Path copy = local.resolve("big.bin");

        try (TftpdHpa server = TftpdHpa.serving(bigServed()).start()) {
            long start = System.nanoTime();
            PeerRun run = Curl.get(server.address(), "big.bin", copy, BIG_TIMEOUT,
                    "--tftp-blksize", Integer.toString(blksize));
            Duration wall = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            Timings.record("curl get, tftpd-hpa server, blksize " + blksize, TestFiles.PAST_THE_WRAP, wall);
        }
        assertThat(Digests.sha256(copy)).isEqualTo(bigSha);
    }

    /** 200 full blocks and nothing more: RFC 1350 ends such a file with an empty DATA 201. */
    @Test
    void curlFetchesWithAPlainRfc1350RequestWhenToldNoOptions() throws Exception {
        String sha = TestData.writeRandom(served.resolve("exact.bin"), 200 * 512, 13);
        Path copy = local.resolve("exact.bin");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, served, at)) {
            PeerRun run = Curl.get(server.address(), "exact.bin", copy, "--tftp-no-options");

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertSucceeded(report);
            assertThat(report.statistics().blocks()).as("200 full blocks and an empty one").isEqualTo(201);
        }
        assertThat(Digests.sha256(copy)).isEqualTo(sha);
    }

    /**
     * curl (7.88) refuses any OACK whose tsize is 0 ("invalid tsize -:0:- value in OACK packet",
     * exit 71, without an ERROR to the server), from tftpd-hpa as from us: RFC 2349 asks the
     * server for the size, so an empty file reaches curl only with a plain request.
     */
    @Test
    void curlFetchesAnEmptyFileWithAPlainRequest() throws Exception {
        Files.createFile(served.resolve("empty.bin"));
        Path copy = local.resolve("empty.bin");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, served, at)) {
            PeerRun run = Curl.get(server.address(), "empty.bin", copy, "--tftp-no-options");

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            assertSucceeded(server.nextReport());
        }
        assertThat(copy).exists().isEmptyFile();
    }

    @Test
    void curlReportsAMissingFileWithExitCode68() throws Exception {
        try (OurTftpServer server = OurTftpServer.readOnly(mode, served, at)) {
            PeerRun run = Curl.get(server.address(), "missing.bin", local.resolve("missing.bin"));

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(Curl.EXIT_TFTP_NOT_FOUND);
            assertThat(server.nextReport().failure().code()).isEqualTo(ErrorCode.FILE_NOT_FOUND.code());
        }
    }

    /**
     * curl sends the name {@code ../x} as it is (the harness percent-encodes the slash, so curl's
     * URL parser has no dot segment to remove); a file {@code x} beside the served folder exists,
     * and must not come back.
     */
    @Test
    void curlIsRefusedANameThatLeavesTheRootAndGetsNothingFromOutsideIt() throws Exception {
        String secretSha = TestData.writeRandom(temp.resolve("x"), 4096, 14);
        Path copy = local.resolve("x");

        try (OurTftpServer server = OurTftpServer.readOnly(mode, served, at)) {
            PeerRun run = Curl.get(server.address(), "../x", copy);

            assertThat(run.succeeded()).as(run.toString()).isFalse();
            TransferReport report = server.nextReport();
            assertThat(report.label()).as("the name our server was asked for").isEqualTo("../x");
            assertThat(report.failure()).isNotNull();
            assertThat(report.failure().code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
            assertThat(report.statistics().bytes()).isZero();
        }
        if (Files.exists(copy)) {
            assertThat(Files.size(copy)).isZero();
            assertThat(Digests.sha256(copy)).isNotEqualTo(secretSha);
        }
    }

    @Test
    void curlUploadsAFileIntoOurWritableServer() throws Exception {
        Path original = local.resolve("upload.bin");
        String sha = TestData.writeRandom(original, SMALL, 15);

        try (OurTftpServer server = OurTftpServer.writable(mode, served, DatagramPortFactory.udp(), at)) {
            PeerRun run = Curl.put(server.address(), original, "uploaded.bin");

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertSucceeded(report);
            assertThat(report.direction()).isEqualTo(TransferReport.Direction.WRITE);
        }
        assertThat(Digests.sha256(served.resolve("uploaded.bin"))).isEqualTo(sha);
    }

    /**
     * curl resends its DATA whenever an ACK is not the one it waits for, which RFC 1123 §4.2.3.1
     * forbids. One duplicated ACK from us (made here by the impairment layer; a spurious
     * retransmission on a busy machine does the same) then makes it send the next block twice. If
     * we answered both copies, every later block would travel twice to the end of the file: the
     * Sorcerer's Apprentice Syndrome. A repeat that crossed our ACK must stay unanswered.
     */
    @Test
    void curlUploadDoesNotFallIntoTheSorcerersApprenticeAfterADuplicatedAck() throws Exception {
        Path original = local.resolve("upload.bin");
        String sha = TestData.writeRandom(original, SMALL, 16);
        // The first ACK 5 only: a spurious timeout of ours resends ACK 5 too, and a second copy of
        // that one would cost a second repeat the bound below does not count.
        ImpairmentPlan duplicateAck5 = ImpairmentPlan.seeded(16)
                .outbound(Fault.duplicate().matching(Match.ack().block(5).nth(1)));

        try (OurTftpServer server = OurTftpServer.writable(mode, served,
                ImpairedDatagramPortFactory.wrap(DatagramPortFactory.udp(), duplicateAck5), at)) {
            PeerRun run = Curl.put(server.address(), original, "uploaded.bin");

            assertThat(run.succeeded()).as(run.toString()).isTrue();
            TransferReport report = server.nextReport();
            assertSucceeded(report);
            // One repeat for the duplicated ACK, and at most one more per spurious timeout of ours.
            assertThat(report.statistics().duplicates()).as(report.statistics().toString())
                    .isLessThanOrEqualTo(1 + report.statistics().timeouts())
                    .as("the duplicated ACK reached curl, whatever port carries it").isPositive();
        }
        assertThat(Digests.sha256(served.resolve("uploaded.bin"))).isEqualTo(sha);
    }

    private String ourServer() {
        return (mode == OurTftpServer.Mode.SINGLE_PORT ? "netdisk server single-port" : "netdisk server")
                + (loopback.equals("::1") ? " over ::1" : "");
    }

    private static void assertSucceeded(TransferReport report) {
        assertThat(report.failure()).as("our server's report of " + report.label()).isNull();
    }

    /** The folder holding big.bin, written once for the whole class and only when a test needs it. */
    private static synchronized Path bigServed() throws IOException {
        if (bigServed == null) {
            Path folder = Files.createDirectory(shared.resolve("big"));
            bigSha = TestData.writeRandom(folder.resolve("big.bin"), TestFiles.PAST_THE_WRAP, 10);
            bigServed = folder;
        }
        return bigServed;
    }
}
