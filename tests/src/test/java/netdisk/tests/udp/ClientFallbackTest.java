package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import netdisk.testkit.RawPackets;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TftpException;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.WriteRequest;
import netdisk.udp.transfer.TransferFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real client against a scripted fake server on raw sockets (spec 5.2): what it does when a
 * server refuses its options, ignores them, or grants something it did not ask for.
 */
@Timeout(30)
class ClientFallbackTest {

    /** A request resent after 300 ms at the soonest: the script has time to answer the first. */
    private static final TransferOptions ASKING = TransferOptions.defaults()
            .withRetransmit(EndToEnd.FAST.withInitialTimeout(Duration.ofMillis(300)));

    @TempDir
    Path dir;

    private RawPeer wellKnown;
    private final byte[] file = TestData.randomBytes(3 * 512 + 200, 9);

    @BeforeEach
    void open() throws IOException {
        wellKnown = RawPeer.open();
    }

    @AfterEach
    void close() {
        wellKnown.close();
    }

    private CompletableFuture<TransferResult> getInBackground(Path local, TransferOptions options) {
        return EndToEnd.inBackground(() -> new TftpClient().get(wellKnown.address(), "f.bin", local, options));
    }

    /** The next request at the well-known port that has options iff {@code withOptions}. */
    private RawPeer.Received nextRequest(boolean withOptions) throws IOException {
        while (true) {
            RawPeer.Received r = wellKnown.expect();
            if (r.packet() instanceof Request request && request.options().isEmpty() != withOptions) {
                return r;
            }
            // A resent earlier request (the client's timer was quicker than the script): skip it.
        }
    }

    /** Serves {@link #file} lockstep in 512-byte blocks from DATA 1, as an RFC 1350 server does. */
    private void serveLockstep(RawPeer tid, InetSocketAddress client) throws IOException {
        int blocks = file.length / 512 + 1;
        for (int block = 1; block <= blocks; block++) {
            byte[] payload = Arrays.copyOfRange(file, (block - 1) * 512, Math.min(file.length, block * 512));
            Data data = Data.of(block, payload);
            tid.send(data, client);
            for (int resends = 0; ; ) {
                RawPeer.Received r = tid.receive(Duration.ofMillis(500));
                if (r == null) {
                    assertThat(++resends).as("DATA %d resent, no ACK from %s", block, client).isLessThan(6);
                    tid.send(data, client);
                    continue;
                }
                Packet packet = r.packet();
                assertThat(packet).as("answer to DATA %d", block).isNotInstanceOf(ErrorPacket.class);
                if (packet instanceof Ack ack && ack.block() == block) {
                    break;
                }
            }
        }
    }

    @Test
    void optionsRefusedWithErrorEightAreDroppedAndTheRequestSentAgain() throws Exception {
        Path local = dir.resolve("got.bin");
        CompletableFuture<TransferResult> get = getInBackground(local, ASKING);
        try (RawPeer tid1 = RawPeer.open(); RawPeer tid2 = RawPeer.open()) {
            RawPeer.Received first = nextRequest(true);
            tid1.send(new ErrorPacket(ErrorCode.OPTION_NEGOTIATION, "no options here"), first.from());

            RawPeer.Received retry = nextRequest(false);
            assertThat(retry.from()).as("the retry comes from a new port").isNotEqualTo(first.from());
            assertThat(retry.packet(ReadRequest.class).filename()).isEqualTo("f.bin");
            serveLockstep(tid2, retry.from());

            TransferResult result = get.get(10, TimeUnit.SECONDS);
            assertThat(result.fellBack()).isTrue();
            assertThat(result.parameters().blockSize()).isEqualTo(512);
            assertThat(result.parameters().windowSize()).isEqualTo(1);
            assertThat(sha256(local)).isEqualTo(sha256(file));
        }
    }

    @Test
    void serverIgnoringOptionsAndSendingDataOneGetsTheDefaults() throws Exception {
        Path local = dir.resolve("got.bin");
        CompletableFuture<TransferResult> get = getInBackground(local, ASKING);
        try (RawPeer tid = RawPeer.open()) {
            RawPeer.Received request = nextRequest(true);
            serveLockstep(tid, request.from());

            TransferResult result = get.get(10, TimeUnit.SECONDS);
            assertThat(result.fellBack()).isFalse();
            assertThat(result.acknowledged().isEmpty()).isTrue();
            assertThat(result.parameters().blockSize()).isEqualTo(512);
            assertThat(result.parameters().windowSize()).isEqualTo(1);
            assertThat(sha256(local)).isEqualTo(sha256(file));
        }
    }

    /**
     * OACKs the client must refuse with ERROR 8 (spec 5.2): an option not asked for, blksize or
     * windowsize above the request, another timeout, and a blksize below 8 (malformed). It then
     * asks again without options.
     */
    @ParameterizedTest(name = "OACK {0}")
    @ValueSource(strings = {"blksize=1428,timeout=5", "blksize=2000", "blksize=1428,windowsize=32",
            "blksize=7"})
    void unacceptableOackIsRefusedWithErrorEightThenTheRequestGoesWithoutOptions(String granted) throws Exception {
        Path local = dir.resolve("got.bin");
        CompletableFuture<TransferResult> get = getInBackground(local, ASKING.withTimeoutSeconds(3));
        try (RawPeer tid1 = RawPeer.open(); RawPeer tid2 = RawPeer.open()) {
            RawPeer.Received first = nextRequest(true);
            tid1.send(RawPackets.oack(granted.split("[,=]")), first.from());

            RawPeer.Received refusal = tid1.expect();
            assertThat(refusal.from()).isEqualTo(first.from());
            assertThat(refusal.packet(ErrorPacket.class).code()).isEqualTo(ErrorCode.OPTION_NEGOTIATION.code());

            RawPeer.Received retry = nextRequest(false);
            serveLockstep(tid2, retry.from());
            TransferResult result = get.get(10, TimeUnit.SECONDS);
            assertThat(result.fellBack()).isTrue();
            assertThat(sha256(local)).isEqualTo(sha256(file));
        }
    }

    @Test
    void secondErrorEightEndsTheTransfer() throws Exception {
        CompletableFuture<TransferResult> get = getInBackground(dir.resolve("got.bin"), ASKING);
        try (RawPeer tid1 = RawPeer.open(); RawPeer tid2 = RawPeer.open()) {
            tid1.send(new ErrorPacket(ErrorCode.OPTION_NEGOTIATION, "no options"), nextRequest(true).from());
            tid2.send(new ErrorPacket(ErrorCode.OPTION_NEGOTIATION, "still no"), nextRequest(false).from());

            ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> get.get(10, TimeUnit.SECONDS));
            TftpException failure = (TftpException) e.getCause();
            assertThat(failure.failure().kind()).isEqualTo(TransferFailure.Kind.REMOTE_ERROR);
            assertThat(failure.failure().code()).isEqualTo(ErrorCode.OPTION_NEGOTIATION.code());
            assertThat(failure.failure().message()).isEqualTo("still no");
        }
    }

    @Test
    void writeWhoseOptionsAreRefusedGoesAgainWithoutThem() throws Exception {
        Path source = TestData.randomFile(dir.resolve("up.bin"), 2 * 512 + 9, 10);
        CompletableFuture<TransferResult> put = EndToEnd.inBackground(
                () -> new TftpClient().put(wellKnown.address(), source, "up.bin", ASKING));
        try (RawPeer tid1 = RawPeer.open(); RawPeer tid2 = RawPeer.open()) {
            RawPeer.Received first = nextRequest(true);
            assertThat(first.packet()).isInstanceOf(WriteRequest.class);
            tid1.send(new ErrorPacket(ErrorCode.OPTION_NEGOTIATION, "no options"), first.from());

            RawPeer.Received retry = nextRequest(false);
            tid2.send(new Ack(0), retry.from());
            byte[] received = tid2.receiveLockstep(tid2.expect(), 512);

            TransferResult result = put.get(10, TimeUnit.SECONDS);
            assertThat(result.fellBack()).isTrue();
            assertThat(sha256(received)).isEqualTo(sha256(source));
        }
    }
}
