package netdisk.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trees and the text are databind's: what {@code ObjectMapper} reads and writes for the
 * same JSON, node for node and byte for byte, only without it.
 */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> TEXTS = List.of(
            "{}",
            "[]",
            "{\"op\":\"login\",\"user\":\"alice\",\"n\":1,\"ok\":true,\"none\":null}",
            "{\"int\":2147483647,\"long\":2147483648,\"neg\":-9223372036854775808,\"big\":123456789012345678901234567890}",
            "{\"pi\":3.141592653589793,\"e\":1e-7,\"x\":-0.0,\"y\":1.5E300}",
            "{\"name\":\"f\u00fcr \\\"Gr\u00fc\u00dfe\\\" \\n \\u0000 \ud83d\ude00\"}",
            "{\"files\":[{\"name\":\"a\",\"size\":1},{\"name\":\"b\",\"size\":2}],\"deep\":[[[[{\"k\":[]}]]]]}",
            "  \n {\"spaced\" : [ 1 , 2 ] }  ",
            "\"just a string\"",
            "42");

    @Test
    void readsTheTreesObjectMapperReads() throws IOException {
        for (String text : TEXTS) {
            JsonNode expected = MAPPER.readTree(text);
            assertThat(JsonTrees.readStrict(text)).as(text).isEqualTo(expected);
            assertThat(JsonTrees.readLenient(text)).as(text).isEqualTo(expected);
            assertThat(JsonTrees.readStrict(text).getNodeType()).isEqualTo(expected.getNodeType());
        }
        // The same kinds of number node, not only equal values.
        JsonNode numbers = JsonTrees.readStrict(TEXTS.get(3));
        assertThat(numbers.get("int").isInt()).isTrue();
        assertThat(numbers.get("long").isLong()).isTrue();
        assertThat(numbers.get("big").isBigInteger()).isTrue();
        assertThat(JsonTrees.readStrict(TEXTS.get(4)).get("pi").isDouble()).isTrue();
    }

    @Test
    void writesTheBytesObjectMapperWritesAsUtf8() throws IOException {
        for (String text : TEXTS) {
            JsonNode tree = MAPPER.readTree(text);
            assertThat(JsonTrees.write(tree)).as(text).isEqualTo(MAPPER.writeValueAsBytes(tree));
            assertThat(JsonTrees.writePretty(tree)).as(text)
                    .isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree));
        }
    }

    @Test
    void strictRefusesARepeatedKeyAndAnythingAfterTheValueLenientTakesTheLastAndIgnoresIt() throws IOException {
        assertThatThrownBy(() -> JsonTrees.readStrict("{\"a\":1,\"a\":2}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThat(JsonTrees.readLenient("{\"a\":1,\"a\":2}").get("a").intValue()).isEqualTo(2);

        assertThatThrownBy(() -> JsonTrees.readStrict("{} {}")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> JsonTrees.readStrict("{}x")).isInstanceOf(JsonProcessingException.class);
        assertThat(JsonTrees.readLenient("{\"a\":1} {}").get("a").intValue()).isEqualTo(1);
    }

    @Test
    void aByteOrderMarkIsSkippedWhereAFileIsReadNotInAFrame() throws IOException {
        assertThat(JsonTrees.readLenient("\uFEFF{\"a\":1}").get("a").intValue()).isEqualTo(1);
        assertThatThrownBy(() -> JsonTrees.readStrict("\uFEFF{\"a\":1}")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void noValueIsNullAndBrokenJsonIsAnError() throws IOException {
        assertThat(JsonTrees.readStrict("")).isNull();
        assertThat(JsonTrees.readLenient("   ")).isNull();
        for (String broken : List.of("{", "{\"a\":}", "[1,]", "{\"a\" 1}", "nul", "{'a':1}", "[1 2]")) {
            assertThatThrownBy(() -> JsonTrees.readStrict(broken)).as(broken)
                    .isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void nestingBeyondTheParsersLimitIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThatThrownBy(() -> JsonTrees.readStrict(deep)).isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void aNodeThatIsNoJsonValueIsRefused() {
        assertThatThrownBy(() -> JsonTrees.write(JsonNodeFactory.instance.pojoNode(new Object())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
