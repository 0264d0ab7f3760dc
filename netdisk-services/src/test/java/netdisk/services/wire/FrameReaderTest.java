package netdisk.services.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Framing without sockets: lengths at and around the limits, truncation, back-to-back frames. */
class FrameReaderTest {

    static byte[] frameOf(int length, byte fill) {
        byte[] payload = new byte[length];
        java.util.Arrays.fill(payload, fill);
        return ByteBuffer.allocate(4 + length).putInt(length).put(payload).array();
    }

    @Test
    void readsBackToBackFramesAndThenCleanEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out, 1000);
        writer.write(FrameCodec.mapper().createObjectNode().put("a", 1));
        writer.write(FrameCodec.mapper().createObjectNode().put("b", "ü"));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(out.toByteArray()), 1000);
        AtomicInteger starts = new AtomicInteger();
        assertThat(reader.read(starts::incrementAndGet).get("a").asInt()).isEqualTo(1);
        assertThat(reader.read(starts::incrementAndGet).get("b").asText()).isEqualTo("ü");
        assertThat(reader.read(starts::incrementAndGet)).isNull();
        assertThat(starts).hasValue(2);
    }

    @Test
    void acceptsAFrameOfExactlyMaxFrameAndRefusesOneMore() throws IOException {
        String json = "{\"k\":\"" + "x".repeat(100 - 8) + "\"}";
        assertThat(json).hasSize(100);
        byte[] frame = ByteBuffer.allocate(104).putInt(100).put(json.getBytes()).array();
        ObjectNode node = new FrameReader(new ByteArrayInputStream(frame), 100).read();
        assertThat(node.get("k").asText()).hasSize(92);
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(frame), 99).read())
                .isInstanceOfSatisfying(FrameException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FrameException.Kind.FRAME_TOO_LARGE);
                    assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
                    assertThat(e.fatal()).isTrue();
                });
    }

    @Test
    void streamEndingInsideTheLengthOrPayloadIsTruncated() {
        for (byte[] bytes : new byte[][] {{0, 0}, {0, 0, 0, 5, '{'}}) {
            assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(bytes), 100).read())
                    .isInstanceOfSatisfying(FrameException.class,
                            e -> assertThat(e.kind()).isEqualTo(FrameException.Kind.TRUNCATED));
        }
    }

    @Test
    void badJsonIsNotFatalAndTheNextFrameIsRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frameOf(3, (byte) 'x'));
        out.write(FrameCodec.frame(FrameCodec.mapper().createObjectNode().put("ok", true)));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(out.toByteArray()), 100);
        assertThatThrownBy(reader::read).isInstanceOfSatisfying(FrameException.class,
                e -> assertThat(e.fatal()).isFalse());
        assertThat(reader.read().get("ok").asBoolean()).isTrue();
    }

    @Test
    void writerRefusesAFrameLargerThanThePeerAccepts() {
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream(), 10);
        assertThatThrownBy(() -> writer.write(FrameCodec.mapper().createObjectNode().put("k", "0123456789")))
                .isInstanceOf(IOException.class).hasMessageContaining("exceeds");
    }

    @Test
    void requestRecordsNeverPrintPasswordsOrTokens() {
        assertThat(new Request.Login(1, "al", "secret-pw").toString()).doesNotContain("secret-pw");
        assertThat(new Request.Register(1, "al", "secret-pw").toString()).doesNotContain("secret-pw");
        assertThat(new Request.Ls(1, "tok-123").toString()).doesNotContain("tok-123");
        assertThat(new Response.LoggedIn(1, "tok-123", "al", java.time.Instant.EPOCH).toString())
                .doesNotContain("tok-123");
    }
}
