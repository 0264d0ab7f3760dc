package netdisk.services.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import netdisk.services.wire.FrameException;
import netdisk.services.wire.FrameReader;
import netdisk.services.wire.MessageCodec;
import netdisk.services.wire.ProtocolException;

/**
 * Any bytes on a control connection: the frame reader yields frames or a framing error, and each
 * frame decodes to a request or a protocol error (spec/control.md, "Framing" and "Errors"):
 * no other exception, no hang, nothing read beyond the frame limit. The corpus (the spec's own
 * frames, written by scripts/fuzz-seeds.py) replays in every test run; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ControlFrameFuzzTest {

    private static final int MAX_FRAME = 4096;

    @FuzzTest(maxDuration = "60s")
    void decodesOrRefusesEveryFrame(byte[] stream) throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream), MAX_FRAME);
        for (int frames = 0; frames <= stream.length / 4 + 1; frames++) {
            ObjectNode frame;
            try {
                frame = reader.read();
            } catch (FrameException e) {
                if (e.fatal()) {
                    return; // the server answers and closes
                }
                continue; // answered; the connection goes on
            }
            if (frame == null) {
                return;
            }
            assertThat(frame.toString().length()).isLessThanOrEqualTo(6 * MAX_FRAME + 2);
            try {
                assertThat(MessageCodec.decodeRequest(frame)).isNotNull();
            } catch (ProtocolException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
        throw new AssertionError("more frames than the stream could hold");
    }
}
