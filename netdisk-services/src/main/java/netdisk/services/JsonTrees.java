package netdisk.services;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * JSON text to trees of nodes and back, with jackson-core's streaming parser and generator and
 * no {@code ObjectMapper}: every command reads its session and speaks the control channel in
 * JSON, and in a JVM just started the first {@code ObjectMapper} and its first read cost 55-70
 * ms (its default date format alone loads the JDK's locale data). The trees are databind's own
 * nodes, the same ones {@code ObjectMapper.readTree} builds (ints as int, long or big integer
 * nodes by size, other numbers as doubles), and what is written is what {@code ObjectMapper}
 * writes for them. Only the nodes JSON text has are written (objects, arrays, strings, numbers,
 * booleans, null); binary, POJO and missing nodes are refused.
 */
public final class JsonTrees {

    /** Duplicate keys are an error: two readers could otherwise disagree on which one counts. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonFactory LENIENT = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /** A new empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * The one JSON value in {@code text} (characters, already decoded: a parser given bytes
     * would guess their encoding), refusing a repeated key and anything after the value;
     * {@code null} when {@code text} holds no value at all.
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException when it is not such JSON
     */
    public static JsonNode readStrict(String text) throws IOException {
        return read(STRICT, text, true);
    }

    /**
     * As {@link #readStrict}, but a repeated key's last value counts, what follows the value is
     * ignored, and a leading byte order mark is skipped (as {@code ObjectMapper} skipped it in the
     * bytes of a file someone edited by hand).
     */
    public static JsonNode readLenient(String text) throws IOException {
        return read(LENIENT, text.startsWith("\uFEFF") ? text.substring(1) : text, false);
    }

    /** {@code node} as compact UTF-8 JSON. */
    public static byte[] write(JsonNode node) {
        return write(node, false);
    }

    /** {@code node} as UTF-8 JSON indented for people (Jackson's default pretty printer). */
    public static byte[] writePretty(JsonNode node) {
        return write(node, true);
    }

    private static byte[] write(JsonNode node, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = LENIENT.createGenerator(out)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            writeNode(generator, node);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of JSON nodes always serializes", e);
        }
        return out.toByteArray();
    }

    /** What databind's serializers write for each kind of node, without a serializer provider. */
    private static void writeNode(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    generator.writeFieldName(property.getKey());
                    writeNode(generator, property.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    writeNode(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case DOUBLE -> generator.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            default -> throw new IllegalArgumentException("not a JSON value: a " + node.getNodeType() + " node");
        }
    }

    private static JsonNode read(JsonFactory factory, String text, boolean nothingAfter) throws IOException {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            JsonNode value = readValue(parser);
            if (nothingAfter && parser.nextToken() != null) {
                throw new JsonParseException(parser,
                        "Trailing token (of type " + parser.currentToken() + ") found after value");
            }
            return value;
        }
    }

    /**
     * The value that starts at the parser's current token, built without recursion (an explicit
     * stack of the open containers), so nesting is bounded by the parser's own limit only.
     */
    private static JsonNode readValue(JsonParser parser) throws IOException {
        Deque<JsonNode> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        JsonNode root = null;
        for (JsonToken token = parser.currentToken(); token != null; token = parser.nextToken()) {
            JsonNode value;
            switch (token) {
                case START_OBJECT -> {
                    open.push(NODES.objectNode());
                    continue;
                }
                case START_ARRAY -> {
                    open.push(NODES.arrayNode());
                    continue;
                }
                case FIELD_NAME -> {
                    names.push(parser.currentName());
                    continue;
                }
                case END_OBJECT, END_ARRAY -> value = open.pop();
                case VALUE_STRING -> value = NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> value = switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> value = NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> value = NODES.booleanNode(true);
                case VALUE_FALSE -> value = NODES.booleanNode(false);
                case VALUE_NULL -> value = NODES.nullNode();
                default -> throw new JsonParseException(parser,
                        "unexpected token " + token);
            }
            JsonNode parent = open.peek();
            if (parent == null) {
                root = value;
                break;
            }
            if (parent instanceof ObjectNode object) {
                object.set(names.pop(), value);
            } else {
                ((ArrayNode) parent).add(value);
            }
        }
        return root;
    }
}
