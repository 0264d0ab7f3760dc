package netdisk.udp.packet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the packet test vectors in the line format documented at the top of {@code
 * spec/vectors/packets.txt} (and in protocol.md): "key: value" blocks separated by blank lines.
 *
 * <p>Strict on purpose: an unknown key, a missing field or a repeated name is an error in the
 * vector file, and a lenient reader would let it silently test less.
 */
final class PacketVectors {

    static final String RESOURCE = "/spec/vectors/packets.txt";

    private static final Set<String> KEYS = Set.of("name", "note", "hex", "packet", "malformed", "reencoded");
    private static final Pattern HEX_TOKEN = Pattern.compile("([0-9a-fA-F]{2})\\*([0-9]+)|([0-9a-fA-F]{2})|(\\s+)");

    private PacketVectors() {}

    /** The vectors of the spec module's file, from the classpath. */
    static List<PacketVector> load() {
        try (InputStream in = PacketVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath (spec module)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PacketVector> parse(String text) {
        List<PacketVector> vectors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> fields = new LinkedHashMap<>();
        int blockStart = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? stripCarriageReturn(lines[i]) : "";
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    PacketVector v = toVector(fields, blockStart);
                    if (!names.add(v.name())) {
                        throw new IllegalArgumentException("line " + blockStart + ": vector name repeated: " + v.name());
                    }
                    vectors.add(v);
                    fields.clear();
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
            if (!value.isEmpty()) {
                if (!value.startsWith(" ")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": expected one space after \"" + key + ":\"");
                }
                value = value.substring(1);
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": unknown key " + key);
            }
            if (fields.put(key, value) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": key repeated in one vector: " + key);
            }
        }
        return List.copyOf(vectors);
    }

    private static PacketVector toVector(Map<String, String> fields, int line) {
        String name = fields.get("name");
        String hex = fields.get("hex");
        if (name == null || name.isEmpty() || hex == null) {
            throw new IllegalArgumentException("line " + line + ": a vector needs name and hex");
        }
        Optional<String> packet = Optional.ofNullable(fields.get("packet"));
        Optional<MalformedPacketException.Reason> malformed =
                Optional.ofNullable(fields.get("malformed")).map(MalformedPacketException.Reason::valueOf);
        if (packet.isPresent() == malformed.isPresent()) {
            throw new IllegalArgumentException("line " + line + ": " + name + " needs exactly one of packet and malformed");
        }
        Optional<byte[]> reencoded = Optional.ofNullable(fields.get("reencoded")).map(PacketVectors::hex);
        if (reencoded.isPresent() && malformed.isPresent()) {
            throw new IllegalArgumentException("line " + line + ": " + name + ": reencoded goes with packet only");
        }
        return new PacketVector(name, hex(hex), packet, reencoded, malformed);
    }

    /** Bytes from the hex notation: two-digit bytes, HH*N runs, whitespace ignored. */
    static byte[] hex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = HEX_TOKEN.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("not hex notation at offset " + at + ": " + text);
            }
            if (m.group(1) != null) {
                int b = Integer.parseInt(m.group(1), 16);
                int count = Integer.parseInt(m.group(2));
                for (int i = 0; i < count; i++) {
                    out.write(b);
                }
            } else if (m.group(3) != null) {
                out.write(Integer.parseInt(m.group(3), 16));
            }
            at = m.end();
        }
        return out.toByteArray();
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
