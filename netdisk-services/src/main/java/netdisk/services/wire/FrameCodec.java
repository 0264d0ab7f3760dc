package netdisk.services.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import netdisk.services.JsonTrees;

/**
 * The payload of a frame: one UTF-8 JSON object (spec/control.md, "Framing"). No I/O here;
 * {@link FrameReader} and {@link FrameWriter} add the length prefix.
 *
 * <p>Strict where leniency would hide mistakes: malformed UTF-8 is refused rather than replaced,
 * a repeated key is refused (two readers could otherwise disagree on which one counts), and so
 * is anything after the object.
 */
public final class FrameCodec {

    /** Length of the big-endian length prefix. */
    public static final int HEADER_BYTES = 4;
    /** The default largest payload, in bytes: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME = 1 << 20;

    private FrameCodec() {}

    /**
     * An {@code ObjectMapper} as strict as the codec, for tests and tools that want databind;
     * the codec itself parses and writes without one ({@link JsonTrees}), since a JVM's first
     * costs every command 55-70 ms.
     */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The JSON object in {@code payload}. */
    public static ObjectNode decode(byte[] payload) throws FrameException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FrameException(FrameException.Kind.BAD_JSON, "frame payload is not valid UTF-8", e);
        }
        JsonNode node;
        try {
            node = JsonTrees.readStrict(text);
        } catch (JsonProcessingException e) {
            throw new FrameException(FrameException.Kind.BAD_JSON,
                    "frame payload is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("a string is read without I/O", e);
        }
        if (node == null || !node.isObject()) {
            throw new FrameException(FrameException.Kind.BAD_JSON, "frame payload is JSON but not an object");
        }
        return (ObjectNode) node;
    }

    /** The UTF-8 bytes of {@code object}, without the length prefix. */
    public static byte[] encode(ObjectNode object) {
        return JsonTrees.write(object);
    }

    /** The whole frame: length prefix and payload. */
    public static byte[] frame(ObjectNode object) {
        byte[] payload = encode(object);
        return ByteBuffer.allocate(HEADER_BYTES + payload.length).putInt(payload.length).put(payload).array();
    }
}
