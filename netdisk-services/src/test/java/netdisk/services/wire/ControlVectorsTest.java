package netdisk.services.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The examples of spec/control.md against the files of spec/vectors/control/ and netdisk's codec:
 * every example equals its file, every file is mentioned in the document, and every file
 * decodes and re-encodes to the same JSON.
 *
 * <p>Vector names: {@code <op>.request.json} and {@code <op>.request-<case>.json} (a request),
 * {@code <op>.<anything else>.json} (a response to op; {@code any} for errors any op may get),
 * {@code hello.request.hex} (a whole frame), {@code malformed.<case>.hex} (a frame the server
 * refuses; expected codes below).
 */
class ControlVectorsTest {

    static final String DOC = "/spec/control.md";
    static final String DIR = "/spec/vectors/control/";
    static final Pattern EXAMPLE = Pattern.compile("<!-- vector: ([^ ]+) -->\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);
    static final Pattern MENTION = Pattern.compile("`([a-z-]+\\.[a-z0-9-]+\\.(?:json|hex))`|vector: ([^ ]+) ");

    /** What the server answers to each malformed frame; TRUNCATED gets no answer (the peer is gone). */
    static final Map<String, FrameException.Kind> MALFORMED = Map.of(
            "malformed.zero-length.hex", FrameException.Kind.BAD_FRAME,
            "malformed.negative-length.hex", FrameException.Kind.BAD_FRAME,
            "malformed.too-large.hex", FrameException.Kind.FRAME_TOO_LARGE,
            "malformed.truncated.hex", FrameException.Kind.TRUNCATED,
            "malformed.not-json.hex", FrameException.Kind.BAD_JSON,
            "malformed.not-an-object.hex", FrameException.Kind.BAD_JSON,
            "malformed.bad-utf8.hex", FrameException.Kind.BAD_JSON,
            "malformed.duplicate-key.hex", FrameException.Kind.BAD_JSON);

    @Test
    void everyExampleInTheDocumentEqualsItsVectorFile() throws IOException {
        Map<String, String> examples = examples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(30);
        for (var e : examples.entrySet()) {
            String file = resource(DIR + e.getKey()).strip();
            if (e.getKey().endsWith(".json")) {
                assertThat(FrameCodec.mapper().readTree(e.getValue()))
                        .as(e.getKey()).isEqualTo(FrameCodec.mapper().readTree(file));
            } else {
                assertThat(e.getValue().strip()).as(e.getKey()).isEqualTo(file);
            }
        }
    }

    @Test
    void everyVectorFileIsInTheDocumentAndEveryOpHasAnExample() throws IOException {
        String doc = resource(DOC);
        TreeSet<String> mentioned = new TreeSet<>();
        Matcher m = MENTION.matcher(doc);
        while (m.find()) {
            mentioned.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        assertThat(mentioned).containsAll(vectorFiles());
        for (String op : List.of("hello", "register", "login", "passwd", "unregister", "logout", "ls", "stat", "rm", "download",
                "upload", "upload-status")) {
            assertThat(examples()).containsKeys(op + ".request.json", op + ".response.json");
        }
        assertThat(mentioned).containsAll(MALFORMED.keySet());
    }

    @TestFactory
    Stream<DynamicTest> everyVectorDecodesAndReencodesToTheSameJson() {
        return vectorFiles().stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) throws Exception {
        String text = resource(DIR + name);
        String op = name.substring(0, name.indexOf('.'));
        String role = name.substring(op.length() + 1, name.lastIndexOf('.'));
        if (name.startsWith("malformed.")) {
            FrameException.Kind kind = MALFORMED.get(name);
            assertThat(kind).as("expected outcome of " + name).isNotNull();
            FrameReader reader = new FrameReader(new ByteArrayInputStream(hex(text)), FrameCodec.DEFAULT_MAX_FRAME);
            assertThatThrownBy(reader::read).isInstanceOfSatisfying(FrameException.class,
                    e -> assertThat(e.kind()).isEqualTo(kind));
            return;
        }
        if (name.endsWith(".hex")) {
            byte[] frame = hex(text);
            ObjectNode decoded = new FrameReader(new ByteArrayInputStream(frame), FrameCodec.DEFAULT_MAX_FRAME).read();
            String json = name.replace(".hex", ".json");
            assertThat(decoded).isEqualTo(FrameCodec.mapper().readTree(resource(DIR + json)));
            assertThat(FrameCodec.frame(MessageCodec.encode(MessageCodec.decodeRequest(decoded)))).isEqualTo(frame);
            return;
        }
        ObjectNode node = FrameCodec.decode(text.strip().getBytes(StandardCharsets.UTF_8));
        ObjectNode reencoded = role.equals("request") || role.startsWith("request-")
                ? MessageCodec.encode(MessageCodec.decodeRequest(node))
                : MessageCodec.encode(MessageCodec.decodeResponse(op, node));
        // Compared as parsed from the wire: the encoder's LongNode and the parser's IntNode for
        // the same number are the same JSON.
        assertThat(FrameCodec.decode(FrameCodec.encode(reencoded))).as(name).isEqualTo(node);
    }

    /** The document's examples: vector name to the text of the fenced block after its marker. */
    static Map<String, String> examples() {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher m = EXAMPLE.matcher(resource(DOC));
        while (m.find()) {
            assertThat(examples.put(m.group(1), m.group(2))).as("example " + m.group(1) + " appears twice").isNull();
        }
        return examples;
    }

    /** The files of the vector folder (from the spec module's classes folder or jar). */
    static List<String> vectorFiles() {
        URL url = ControlVectorsTest.class.getResource(DIR);
        assertThat(url).as(DIR + " on the test classpath (spec module)").isNotNull();
        try {
            if (url.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    return files.map(p -> p.getFileName().toString()).sorted().toList();
                }
            }
            try (var fs = java.nio.file.FileSystems.newFileSystem(url.toURI(), Map.of());
                    Stream<Path> files = Files.list(fs.getPath(DIR))) {
                return files.map(p -> p.getFileName().toString().replace("/", "")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String path) {
        try (InputStream in = ControlVectorsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path + " on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }
}
