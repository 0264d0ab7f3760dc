package netdisk.services.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * spec/vectors/discovery.txt against {@link DiscoveryCodec}: every datagram decodes to its
 * description (and encodes back to its bytes), or is refused for the reason it names. The
 * reader is strict: an unknown key or a missing field is an error in the file, not a skip.
 */
class DiscoveryVectorsTest {

    static final String RESOURCE = "/spec/vectors/discovery.txt";
    private static final Set<String> KEYS = Set.of("name", "note", "hex", "question", "answer", "malformed", "reencoded");
    private static final Pattern HEX_TOKEN = Pattern.compile("([0-9a-fA-F]{2})\\*([0-9]+)|([0-9a-fA-F]{2})|(\\s+)");
    private static final Pattern QUESTION = Pattern.compile("QUESTION nonce=([0-9a-f]{16}) size=([0-9]+)");
    private static final Pattern ANSWER = Pattern.compile("ANSWER nonce=([0-9a-f]{16}) name=(\"(?:[^\"\\\\]|\\\\.)*\") "
            + "id=(\"[^\"]*\") port=([0-9]+) protocol=([0-9]+) public=([01]) version=(-|\"(?:[^\"\\\\]|\\\\.)*\")");

    record Vector(String name, int line, byte[] bytes, Map<String, String> fields) {}

    @TestFactory
    Stream<DynamicTest> everyVectorDecodesAsDescribed() throws IOException {
        return load().stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> check(v)));
    }

    @Test
    void theVectorsCoverEveryReasonAndBothMessages() throws IOException {
        Set<MalformedDiscoveryException.Reason> reasons = EnumSet.noneOf(MalformedDiscoveryException.Reason.class);
        int questions = 0;
        int answers = 0;
        for (Vector v : load()) {
            if (v.fields().containsKey("malformed")) {
                reasons.add(MalformedDiscoveryException.Reason.valueOf(v.fields().get("malformed")));
            }
            questions += v.fields().containsKey("question") ? 1 : 0;
            answers += v.fields().containsKey("answer") ? 1 : 0;
        }
        assertThat(reasons).containsExactlyInAnyOrder(MalformedDiscoveryException.Reason.values());
        assertThat(questions).isGreaterThanOrEqualTo(2);
        assertThat(answers).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theReaderRefusesAnUnknownKey() {
        assertThatThrownBy(() -> parse("name: x\nhex: 00\nanswr: y\n")).hasMessageContaining("answr");
    }

    private static void check(Vector v) throws Exception {
        Map<String, String> f = v.fields();
        ByteBuffer datagram = ByteBuffer.wrap(v.bytes());
        if (f.containsKey("malformed")) {
            MalformedDiscoveryException e = catchThrowableOfType(MalformedDiscoveryException.class,
                    () -> DiscoveryCodec.decode(datagram));
            assertThat(e).as("%s is refused", v.name()).isNotNull();
            assertThat(e.reason().name()).as("%s: %s", v.name(), e.getMessage()).isEqualTo(f.get("malformed"));
            return;
        }
        DiscoveryMessage decoded = DiscoveryCodec.decode(datagram);
        assertThat(datagram.position()).as("decoding leaves the buffer as it was").isZero();
        DiscoveryMessage expected = f.containsKey("question") ? question(f.get("question")) : answer(f.get("answer"));
        assertThat(decoded).as(v.name()).isEqualTo(expected);
        byte[] encoded = decoded instanceof DiscoveryQuestion q ? DiscoveryCodec.encode(q)
                : DiscoveryCodec.encode((DiscoveryAnswer) decoded);
        byte[] expectedBytes = f.containsKey("reencoded") ? hex(f.get("reencoded")) : v.bytes();
        assertThat(HexFormat.of().formatHex(encoded)).as("%s encodes", v.name())
                .isEqualTo(HexFormat.of().formatHex(expectedBytes));
        assertThat(DiscoveryCodec.isDiscovery(datagram)).isTrue();
    }

    private static DiscoveryQuestion question(String text) {
        Matcher m = QUESTION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad question description: " + text);
        }
        return new DiscoveryQuestion(Long.parseUnsignedLong(m.group(1), 16), Integer.parseInt(m.group(2)));
    }

    private static DiscoveryAnswer answer(String text) {
        Matcher m = ANSWER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad answer description: " + text);
        }
        return new DiscoveryAnswer(Long.parseUnsignedLong(m.group(1), 16), unquote(m.group(2)), unquote(m.group(3)),
                Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), m.group(6).equals("1"),
                m.group(7).equals("-") ? null : unquote(m.group(7)));
    }

    /** A STR: in double quotes, with the escapes of the vector file's header. */
    static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        String s = quoted.substring(1, quoted.length() - 1);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (s.startsWith("u{", i + 1)) {
                int close = s.indexOf('}', i);
                out.appendCodePoint(Integer.parseInt(s.substring(i + 3, close), 16));
                i = close;
            } else {
                out.append(s.charAt(++i));
            }
        }
        return out.toString();
    }

    static byte[] hex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = HEX_TOKEN.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("bad hex at '" + text.substring(at) + "'");
            }
            if (m.group(1) != null) {
                int b = Integer.parseInt(m.group(1), 16);
                for (int i = Integer.parseInt(m.group(2)); i > 0; i--) {
                    out.write(b);
                }
            } else if (m.group(3) != null) {
                out.write(Integer.parseInt(m.group(3), 16));
            }
            at = m.end();
        }
        return out.toByteArray();
    }

    static List<Vector> load() throws IOException {
        try (InputStream in = DiscoveryVectorsTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath (spec module)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static List<Vector> parse(String text) {
        List<Vector> vectors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> fields = new LinkedHashMap<>();
        int blockStart = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].replace("\r", "") : "";
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    Vector v = vector(fields, blockStart);
                    if (!names.add(v.name())) {
                        throw new IllegalArgumentException("line " + blockStart + ": vector name repeated: " + v.name());
                    }
                    vectors.add(v);
                    fields = new LinkedHashMap<>();
                }
                continue;
            }
            if (fields.isEmpty()) {
                blockStart = i + 1;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected \"key: value\": " + line);
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": unknown key " + key);
            }
            if (!value.isEmpty() && !value.startsWith(" ")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected one space after \"" + key + ":\"");
            }
            if (fields.put(key, value.isEmpty() ? "" : value.substring(1)) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + key + " twice");
            }
        }
        return vectors;
    }

    private static Vector vector(Map<String, String> fields, int line) {
        if (!fields.containsKey("name") || !fields.containsKey("hex")) {
            throw new IllegalArgumentException("line " + line + ": a vector needs name and hex");
        }
        long kinds = Stream.of("question", "answer", "malformed").filter(fields::containsKey).count();
        if (kinds != 1) {
            throw new IllegalArgumentException("line " + line + ": exactly one of question, answer, malformed");
        }
        if (fields.containsKey("reencoded") && fields.containsKey("malformed")) {
            throw new IllegalArgumentException("line " + line + ": reencoded goes with question or answer only");
        }
        return new Vector(fields.get("name"), line, hex(fields.get("hex")), Map.copyOf(fields));
    }
}
