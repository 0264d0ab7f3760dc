package netdisk.services.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netdisk.services.client.ControlClient;
import netdisk.services.client.ControlException;
import netdisk.services.wire.FrameCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misbehaving peers on raw sockets: each gets a clear error frame or a timeout close, and the
 * server keeps serving everyone else (spec/control.md, "Errors" and "Limits").
 */
class ControlAbuseTest {

    static final ControlLimits SHORT = ControlLimits.defaults()
            .withMaxFrame(4096)
            .withHelloTimeout(Duration.ofMillis(800))
            .withFrameTimeout(Duration.ofMillis(500))
            .withIdleTimeout(Duration.ofMillis(1500))
            .withStreamStallTimeout(Duration.ofMillis(600))
            .withMaxConnections(4);

    @TempDir
    Path dir;

    ControlFixture fx;

    @BeforeEach
    void start() throws IOException {
        fx = new ControlFixture(dir.resolve("data"), b -> b.limits(SHORT));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void zeroLengthIsBadFrameAndCloses() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.sendLength(0);
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("BAD_FRAME");
            assertThat(answer.get("id").isNull()).isTrue();
            assertThat(p.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void negativeLengthIsBadFrameAndCloses() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.send(new byte[] {(byte) 0x80, 0, 0, 0});
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_FRAME");
            assertThat(p.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void oversizeLengthIsRefusedBeforeThePayloadAndCloses() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello().sendLength(4097);
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("FRAME_TOO_LARGE");
            assertThat(answer.path("error").path("message").asText()).contains("4097").contains("4096");
            assertThat(p.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void badJsonIsAnsweredAndTheConnectionStaysUsable() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.sendFrame("this is not json");
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_JSON");
            p.sendFrame("[1,2,3]");
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_JSON");
            p.sendPayload(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'});
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_JSON");
            p.sendFrame("{\"op\":\"hello\",\"op\":\"ls\",\"id\":1}");
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_JSON");
            p.sendFrame("{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"x\"} trailing");
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_JSON");
            p.hello();
        }
    }

    @Test
    void unknownOpAndBadFieldsKeepTheConnectionUsable() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello();
            p.sendFrame("{\"op\":\"format-disk\",\"id\":7}");
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("UNKNOWN_OP");
            assertThat(answer.get("id").asLong()).isEqualTo(7);
            p.sendFrame("{\"op\":\"stat\",\"id\":8,\"token\":\"t\"}");
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_REQUEST");
            p.sendFrame("{\"op\":\"upload\",\"id\":9,\"token\":\"t\",\"name\":\"n\",\"size\":-1}");
            assertThat(RawPeer.code(p.read())).isEqualTo("BAD_REQUEST");
            p.sendFrame("{\"op\":\"ls\",\"id\":\"ten\",\"token\":\"t\"}");
            ObjectNode noId = p.read();
            assertThat(RawPeer.code(noId)).isEqualTo("BAD_REQUEST");
            assertThat(noId.get("id").isNull()).isTrue();
            p.sendFrame("{\"op\":\"ls\",\"id\":11,\"token\":\"t\"}");
            assertThat(RawPeer.code(p.read())).isEqualTo("TOKEN_INVALID");
        }
    }

    @Test
    void requestsBeforeHelloGetHelloRequired() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.sendFrame("{\"op\":\"login\",\"id\":1,\"name\":\"a\",\"password\":\"b\"}");
            assertThat(RawPeer.code(p.read())).isEqualTo("HELLO_REQUIRED");
            p.sendFrame("{\"op\":\"hello\",\"id\":2,\"version\":2,\"client\":\"future\"}");
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("UNSUPPORTED_VERSION");
            assertThat(answer.path("error").path("message").asText()).contains("version 1");
            p.sendFrame("{\"op\":\"ls\",\"id\":3,\"token\":\"t\"}");
            assertThat(RawPeer.code(p.read())).isEqualTo("HELLO_REQUIRED");
            p.hello();
        }
    }

    @Test
    void aPartialFrameThenSilenceTimesOut() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello().sendLength(100).send("{\"op\":".getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("TIMEOUT");
            assertThat(answer.path("error").path("message").asText()).contains("frame not complete");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(p.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aSlowLorisSendingOneByteAtATimeIsClosedAtTheFrameDeadline() throws Exception {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello();
            byte[] frame = netdisk.services.wire.FrameCodec.frame((ObjectNode) FrameCodec.mapper()
                    .readTree("{\"op\":\"ls\",\"id\":2,\"token\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"));
            long start = System.nanoTime();
            try {
                for (byte b : frame) {
                    p.send(new byte[] {b});
                    Thread.sleep(100); // well inside any per-read timeout, but 6 s for the frame
                }
            } catch (IOException e) {
                // The server closed on us mid-frame: expected.
            }
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("TIMEOUT");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aSilentPeerIsClosedAtTheHelloDeadlineWhileAnotherClientIsServed() throws Exception {
        String token = fx.tokenFor("busy");
        try (RawPeer silent = new RawPeer(fx.address()); ControlClient other = fx.client()) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(other.ls(token)).isEmpty();
            }
            ObjectNode answer = silent.read();
            assertThat(RawPeer.code(answer)).isEqualTo("TIMEOUT");
            assertThat(answer.path("error").path("message").asText()).contains("no hello");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(600));
            assertThat(silent.closedWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(other.ls(token)).isEmpty();
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello();
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("TIMEOUT");
            assertThat(answer.path("error").path("message").asText()).contains("idle");
        }
    }

    @Test
    void connectionsBeyondTheMaximumGetBusyAndTheOthersKeepWorking() throws Exception {
        List<RawPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                peers.add(new RawPeer(fx.address()).hello());
            }
            try (RawPeer extra = new RawPeer(fx.address())) {
                ObjectNode answer = extra.read();
                assertThat(RawPeer.code(answer)).isEqualTo("BUSY");
                assertThat(extra.closedWithin(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(fx.server.activeConnections()).isEqualTo(4);
            peers.get(0).hello(); // still served
            peers.remove(0).close();
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (fx.server.activeConnections() > 3 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            try (ControlClient c = fx.client()) {
                assertThat(c.serverInfo().version()).isEqualTo(1);
            }
        } finally {
            for (RawPeer p : peers) {
                p.close();
            }
        }
    }

    @Test
    void theClientSeesBusyAsAServerError() throws Exception {
        List<RawPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                peers.add(new RawPeer(fx.address()).hello());
            }
            ControlException e = (ControlException) ControlEndToEndTest.catchThrown(fx::client);
            assertThat(e.code()).isEqualTo("BUSY");
            assertThat(e.fromServer()).isTrue();
        } finally {
            for (RawPeer p : peers) {
                p.close();
            }
        }
    }

    @Test
    void anUploadBrokenMidStreamLeavesTheOldFileAndHoldsWhatArrived() throws Exception {
        String token = fx.tokenFor("up");
        Path target = fx.home("up").resolve("f");
        Files.writeString(target, "the old content");
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello().sendFrame("{\"op\":\"upload\",\"id\":2,\"token\":\"" + token + "\",\"name\":\"f\",\"size\":100000}");
            assertThat(p.read().path("ready").asBoolean()).isTrue();
            p.send(new byte[50_000]);
        }
        fx.awaitNoConnections();
        assertThat(target).hasContent("the old content");
        assertThat(fx.storage.folderOf("up").heldUpload("f").orElseThrow().held()).isEqualTo(50_000);
        assertThat(ControlEndToEndTest.partFiles(fx.home("up"))).as("only the held one").isEqualTo(1);
    }

    @Test
    void aStalledUploadTimesOutLeavesTheOldFileAndHoldsWhatArrived() throws Exception {
        String token = fx.tokenFor("stall");
        Path target = fx.home("stall").resolve("f");
        Files.writeString(target, "the old content");
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello().sendFrame("{\"op\":\"upload\",\"id\":2,\"token\":\"" + token + "\",\"name\":\"f\",\"size\":1000}");
            assertThat(p.read().path("ready").asBoolean()).isTrue();
            p.send(new byte[500]);
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("TIMEOUT");
            assertThat(answer.get("id").asLong()).isEqualTo(2);
            assertThat(p.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        fx.awaitNoConnections();
        assertThat(target).hasContent("the old content");
        assertThat(fx.storage.folderOf("stall").heldUpload("f").orElseThrow().held()).isEqualTo(500);
        assertThat(ControlEndToEndTest.partFiles(fx.home("stall"))).as("only the held one").isEqualTo(1);
    }

    @Test
    void aDownloadTheClientStopsReadingIsClosedAfterTheStallTimeout() throws Exception {
        String token = fx.tokenFor("reader");
        Files.write(fx.home("reader").resolve("big"), new byte[64 << 20]);
        try (RawPeer p = new RawPeer(fx.address())) {
            p.socket.setReceiveBufferSize(4096);
            p.hello().sendFrame("{\"op\":\"download\",\"id\":2,\"token\":\"" + token + "\",\"name\":\"big\",\"offset\":0}");
            assertThat(p.read().path("length").asLong()).isEqualTo(64 << 20);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fx.server.activeConnections() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(fx.server.activeConnections()).isZero();
        }
    }
}
