package netdisk.tests.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import netdisk.testkit.RawPackets;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.PacketCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a server refuses, with which ERROR, and from which port (spec sections 4.7, 6, 12, 13),
 * asked with raw request bytes so nothing on the client side filters the request first.
 *
 * <p>A request that does not decode is answered from the well-known port and starts nothing; one
 * that decodes but is refused is answered from a new transfer port, as stock servers do.
 */
@Timeout(30)
class RequestRefusalsTest {

    @TempDir
    Path dir;

    private Path outside;
    private TestServer server;
    private RawPeer client;

    @BeforeEach
    void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not for you");
        Files.writeString(root.resolve("public.txt"), "hello");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/x"), "in a folder");
        Files.createSymbolicLink(root.resolve("secret-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("outside-dir"), outside);
        Files.createSymbolicLink(root.resolve("public-link"), root.resolve("public.txt"));
        server = TestServer.start(root, true);
        client = RawPeer.open();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Sends {@code request} and returns the ERROR, checking it came from a transfer port. */
    private ErrorPacket refusedByTransferPort(byte[] request) throws Exception {
        client.send(request, server.address());
        RawPeer.Received answer = client.expect();
        assertThat(answer.from().getAddress()).isEqualTo(server.address().getAddress());
        assertThat(answer.from().getPort()).as("refusals after decoding come from the transfer's port")
                .isNotEqualTo(server.address().getPort());
        return answer.packet(ErrorPacket.class);
    }

    /** Sends {@code request} and returns the ERROR, checking it came from the well-known port. */
    private ErrorPacket refusedByWellKnownPort(byte[] request) throws Exception {
        client.send(request, server.address());
        RawPeer.Received answer = client.expect();
        assertThat(answer.from()).as("a request that does not decode is answered by the well-known port")
                .isEqualTo(server.address());
        return answer.packet(ErrorPacket.class);
    }

    private static void assertCode(ErrorPacket error, ErrorCode code) {
        assertThat(error.code()).as("%s", error).isEqualTo(code.code());
        assertThat(error.message()).isNotBlank();
    }

    // ------------------------------------------------------------------ names (section 13)

    @ParameterizedTest(name = "RRQ \"{0}\"")
    @ValueSource(strings = {"../etc/passwd", "/etc/passwd", "a\\b", "..\\secret.txt", "a\u0001b", "line\nbreak",
            "del\u007f", "a//b", "./x", "sub/../public.txt", "..", "sub/", "secret-link", "outside-dir/secret.txt"})
    void readOfANameLeavingTheRootIsAnAccessViolation(String name) throws Exception {
        assertCode(refusedByTransferPort(RawPackets.rrq(name, "octet")), ErrorCode.ACCESS_VIOLATION);
    }

    @ParameterizedTest(name = "WRQ \"{0}\"")
    @ValueSource(strings = {"../escaped", "/tmp/escaped", "a\\b", "a\u0001b", "a//b", "./x", "sub/../y",
            "secret-link", "outside-dir/new.txt", "sub"})
    void writeOfANameLeavingTheRootIsAnAccessViolation(String name) throws Exception {
        assertCode(refusedByTransferPort(RawPackets.wrq(name, "octet")), ErrorCode.ACCESS_VIOLATION);
        assertThat(server.awaitIdle(Duration.ofSeconds(2))).isTrue();
        // Nothing was written through the links, nothing was left behind.
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("secret.txt"));
        }
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("not for you");
        assertThat(Files.isSymbolicLink(server.file("secret-link"))).isTrue();
        try (Stream<Path> files = Files.list(server.root)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("public.txt", "sub", "secret-link", "outside-dir", "public-link");
        }
    }

    @Test
    void linkThatStaysInsideTheRootIsServed() throws Exception {
        client.send(RawPackets.rrq("public-link", "octet"), server.address());
        RawPeer.Received first = client.expect();
        assertThat(first.packet(Data.class).bytes()).isEqualTo("hello".getBytes());
        client.send(new Ack(1), first.from());
    }

    @Test
    void readOfAMissingFileIsFileNotFound() throws Exception {
        assertCode(refusedByTransferPort(RawPackets.rrq("sub/no-such-file", "octet", "blksize", "1428")),
                ErrorCode.FILE_NOT_FOUND);
    }

    @Test
    void writeToAReadOnlyServerIsAnAccessViolation() throws Exception {
        try (TestServer readOnly = TestServer.start(dir.resolve("ro"), false)) {
            client.send(RawPackets.wrq("new.txt", "octet"), readOnly.address());
            RawPeer.Received answer = client.expect();
            assertThat(answer.from().getPort()).isNotEqualTo(readOnly.address().getPort());
            assertCode(answer.packet(ErrorPacket.class), ErrorCode.ACCESS_VIOLATION);
            assertThat(readOnly.root.resolve("new.txt")).doesNotExist();
        }
    }

    @Test
    void writeAnnouncingMoreThanTheDiskHoldsIsDiskFull() throws Exception {
        ErrorPacket error = refusedByTransferPort(RawPackets.wrq("huge.bin", "octet", "tsize", "9000000000000000000"));
        assertCode(error, ErrorCode.DISK_FULL);
        assertThat(server.file("huge.bin")).doesNotExist();
    }

    // ------------------------------------------------------------------ modes and malformed requests

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mail", "MAIL", "Mail"})
    void mailModeIsAnIllegalOperation(String mode) throws Exception {
        assertCode(refusedByTransferPort(RawPackets.rrq("public.txt", mode)), ErrorCode.ILLEGAL_OPERATION);
        assertCode(refusedByTransferPort(RawPackets.wrq("mail.txt", mode)), ErrorCode.ILLEGAL_OPERATION);
        assertThat(server.file("mail.txt")).doesNotExist();
    }

    @Test
    void requestWithoutTheModesNulIsIllegal() throws Exception {
        byte[] request = RawPackets.rrq("public.txt", "octet");
        byte[] cut = Arrays.copyOf(request, request.length - 1);
        ErrorPacket error = refusedByWellKnownPort(cut);
        assertCode(error, ErrorCode.ILLEGAL_OPERATION);
        assertThat(error.message()).startsWith("MISSING_NUL");
    }

    @Test
    void requestWithAnUnknownModeIsIllegal() throws Exception {
        ErrorPacket error = refusedByWellKnownPort(RawPackets.rrq("public.txt", "binary"));
        assertCode(error, ErrorCode.ILLEGAL_OPERATION);
        assertThat(error.message()).startsWith("BAD_MODE");
    }

    @Test
    void requestWithoutAFileNameIsIllegal() throws Exception {
        ErrorPacket error = refusedByWellKnownPort(RawPackets.rrq("", "octet"));
        assertCode(error, ErrorCode.ILLEGAL_OPERATION);
        assertThat(error.message()).startsWith("EMPTY_FILENAME");
    }

    /** Hardening finding 11: the answer to a tiny datagram is no bigger than 3 × it. */
    @Test
    void aTinyDatagramGetsAnAnswerNoBiggerThanThreeTimesIt() throws Exception {
        client.send(new byte[] {0, 1}, server.address());
        RawPeer.Received answer = client.expect();
        assertThat(answer.from()).isEqualTo(server.address());
        assertThat(PacketCodec.toBytes(answer.packet(ErrorPacket.class)).length).isLessThanOrEqualTo(6);
    }

    @Test
    void garbageAtTheWellKnownPortIsIllegal() throws Exception {
        assertCode(refusedByWellKnownPort(new byte[] {0, 9, 1, 2}), ErrorCode.ILLEGAL_OPERATION);
        ErrorPacket toOneByte = refusedByWellKnownPort(new byte[] {1});
        assertThat(toOneByte.code()).isEqualTo(ErrorCode.ILLEGAL_OPERATION.code());
        assertThat(toOneByte.message()).as("no room for a reason in 3 bytes").isEmpty();
    }

    /**
     * Spec 4.7: the largest datagram full of tiny options (found by a probe: 13,090 of them kept
     * the listener busy 0.7 s each) is refused for its 33rd option, and the server still serves.
     */
    @Test
    void requestWithThousandsOfOptionsIsRefusedAndTheServerStillServes() throws Exception {
        String[] options = new String[2 * 13_000];
        for (int i = 0; i < 13_000; i++) {
            options[2 * i] = Integer.toString(i, 36);
            options[2 * i + 1] = "";
        }
        byte[] flood = RawPackets.rrq("public.txt", "octet", options);
        assertThat(flood.length).isLessThanOrEqualTo(PacketCodec.MAX_PACKET_SIZE);

        ErrorPacket error = refusedByWellKnownPort(flood);
        assertCode(error, ErrorCode.OPTION_NEGOTIATION);
        assertThat(error.message()).contains("more than 32 options");

        client.send(RawPackets.rrq("public.txt", "octet"), server.address());
        RawPeer.Received first = client.expect();
        assertThat(first.packet(Data.class).bytes()).isEqualTo("hello".getBytes());
    }

    /** Spec 4.7: a well-formed DATA, ACK or OACK at the well-known port belongs to no transfer: ERROR 5. */
    @Test
    void transferPacketAtTheWellKnownPortGetsUnknownTransferId() throws Exception {
        assertCode(refusedByWellKnownPort(PacketCodec.toBytes(new Ack(1))),
                ErrorCode.UNKNOWN_TRANSFER_ID);
        assertCode(refusedByWellKnownPort(PacketCodec.toBytes(Data.of(1, new byte[3]))),
                ErrorCode.UNKNOWN_TRANSFER_ID);
    }

    @Test
    void errorAtTheWellKnownPortIsNotAnswered() throws Exception {
        client.send(new ErrorPacket(ErrorCode.NOT_DEFINED, "hello?"), server.address());
        client.expectSilence(Duration.ofMillis(200));
    }

    // ------------------------------------------------------------------ options (section 5)

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"blksize,7", "blksize,0", "blksize,abc", "windowsize,0",
            "windowsize,65536", "timeout,0", "timeout,256", "tsize,-1"})
    void optionValueOutOfRangeIsAnOptionNegotiationError(String option, String value) throws Exception {
        ErrorPacket error = refusedByWellKnownPort(RawPackets.rrq("public.txt", "octet", option, value));
        assertCode(error, ErrorCode.OPTION_NEGOTIATION);
        assertThat(error.message()).startsWith("BAD_OPTION_VALUE");
        assertThat(server.server.activeTransfers()).isZero();
    }

    @Test
    void optionWithoutAValueIsAnOptionNegotiationError() throws Exception {
        byte[] request = RawPackets.rrq("public.txt", "octet", "blksize");
        ErrorPacket error = refusedByWellKnownPort(request);
        assertCode(error, ErrorCode.OPTION_NEGOTIATION);
        assertThat(error.message()).startsWith("BAD_OPTION");
    }

    @Test
    void refusedRequestStartsNothing() throws Exception {
        InetSocketAddress wellKnown = server.address();
        client.send(RawPackets.rrq("../etc/passwd", "octet", "blksize", "1428"), wellKnown);
        RawPeer.Received answer = client.expect();
        assertThat(answer.packet(ErrorPacket.class).code()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
        // No OACK, no DATA, no repeated ERROR: the refusal is sent once and the port is gone.
        client.expectSilence(Duration.ofMillis(200));
        assertThat(server.awaitIdle(Duration.ofSeconds(2))).isTrue();
        assertThat(server.reports).singleElement().satisfies(r -> assertThat(r.failure().code())
                .isEqualTo(ErrorCode.ACCESS_VIOLATION.code()));
    }
}
