package netdisk.services.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import netdisk.services.discovery.MalformedDiscoveryException.Reason;

/**
 * Discovery's two datagrams, bytes to records and back; no I/O (spec/discovery.md 2).
 *
 * <pre>
 *  0      2                6    7    8                          16
 * +------+----------------+----+----+--------------------------+
 * |opcode| magic "ndsk"   |ver |rsvd| nonce (8 bytes)          |  then
 * +------+----------------+----+----+--------------------------+
 *   question 0x4E3F "N?": padding to its size (zeros; ignored)
 *   answer   0x4E21 "N!": key NUL value NUL ... (name, id, port, protocol, public[, version])
 * </pre>
 *
 * Decoding is total: any datagram gives a message or a {@link MalformedDiscoveryException} that
 * names the rule it breaks; unknown answer keys are skipped, so a later version may add some.
 */
public final class DiscoveryCodec {

    /** "N?": a question. No TFTP opcode (1–6) and none of flow mode's (0x4E41, 0x4E44, 0x4E46). */
    public static final int QUESTION = 0x4E3F;
    /** "N!": an answer. */
    public static final int ANSWER = 0x4E21;
    static final byte[] MAGIC = {'n', 'd', 's', 'k'};
    public static final int VERSION = 1;
    public static final int HEADER_SIZE = 16;
    /** The largest UDP payload (over IPv6; 65,507 over IPv4). */
    public static final int MAX_SIZE = 65_527;
    private static final int MAX_KEY = 16;

    private DiscoveryCodec() {}

    /** Whether the datagram (position to limit) has a discovery opcode; leaves the buffer as it was. */
    public static boolean isDiscovery(ByteBuffer datagram) {
        if (datagram.remaining() < 2) {
            return false;
        }
        int opcode = Short.toUnsignedInt(datagram.getShort(datagram.position()));
        return opcode == QUESTION || opcode == ANSWER;
    }

    public static byte[] encode(DiscoveryQuestion question) {
        ByteBuffer out = ByteBuffer.allocate(question.size());
        header(out, QUESTION, question.nonce());
        return out.array(); // the rest is the zeros of the padding
    }

    public static byte[] encode(DiscoveryAnswer answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        header(header, ANSWER, answer.nonce());
        out.writeBytes(header.array());
        field(out, "name", answer.name());
        field(out, "id", answer.id());
        field(out, "port", Integer.toString(answer.port()));
        field(out, "protocol", Integer.toString(answer.protocol()));
        field(out, "public", answer.publicFolder() ? "1" : "0");
        if (answer.version() != null) {
            field(out, "version", answer.version());
        }
        return out.toByteArray();
    }

    private static void header(ByteBuffer out, int opcode, long nonce) {
        out.putShort((short) opcode).put(MAGIC).put((byte) VERSION).put((byte) 0).putLong(nonce);
    }

    private static void field(ByteArrayOutputStream out, String key, String value) {
        out.writeBytes(key.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    /** Decodes the datagram between position and limit; leaves the buffer as it was. */
    public static DiscoveryMessage decode(ByteBuffer datagram) throws MalformedDiscoveryException {
        ByteBuffer in = datagram.duplicate();
        int size = in.remaining();
        if (size >= 2 && !isDiscovery(in)) {
            throw new MalformedDiscoveryException(Reason.NOT_DISCOVERY, String.format("opcode 0x%04X is not discovery's",
                    Short.toUnsignedInt(in.getShort(in.position()))));
        }
        if (size < HEADER_SIZE) {
            throw new MalformedDiscoveryException(Reason.TOO_SHORT, "a discovery datagram has a " + HEADER_SIZE
                    + "-byte header, this one " + size + " bytes in all");
        }
        int opcode = Short.toUnsignedInt(in.getShort());
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MalformedDiscoveryException(Reason.BAD_MAGIC, "bytes 2..5 are not \"ndsk\"");
        }
        int version = Byte.toUnsignedInt(in.get());
        if (version != VERSION) {
            throw new MalformedDiscoveryException(Reason.UNSUPPORTED_VERSION, "version " + version + ", this is "
                    + VERSION);
        }
        in.get(); // reserved: written 0, read as anything
        long nonce = in.getLong();
        if (opcode == QUESTION) {
            return new DiscoveryQuestion(nonce, size);
        }
        return answer(nonce, fields(in));
    }

    private static Map<String, String> fields(ByteBuffer in) throws MalformedDiscoveryException {
        Map<String, String> fields = new LinkedHashMap<>();
        while (in.hasRemaining()) {
            String key = string(in, "a key");
            if (!key.matches("[a-z]{1," + MAX_KEY + "}")) {
                throw new MalformedDiscoveryException(Reason.BAD_STRING, "a key is 1.." + MAX_KEY + " of a-z, not '"
                        + key + "'");
            }
            if (!in.hasRemaining()) {
                throw new MalformedDiscoveryException(Reason.MISSING_NUL, "key '" + key + "' has no value");
            }
            String value = string(in, "the value of " + key);
            if (fields.putIfAbsent(key, value) != null) {
                throw new MalformedDiscoveryException(Reason.DUPLICATE_FIELD, "'" + key + "' twice");
            }
        }
        return fields;
    }

    /** A NUL-terminated UTF-8 string from the buffer's position; the position moves past its NUL. */
    private static String string(ByteBuffer in, String what) throws MalformedDiscoveryException {
        int start = in.position();
        int end = start;
        while (end < in.limit() && in.get(end) != 0) {
            end++;
        }
        if (end == in.limit()) {
            throw new MalformedDiscoveryException(Reason.MISSING_NUL, what + " does not end with NUL");
        }
        ByteBuffer bytes = in.duplicate().position(start).limit(end);
        in.position(end + 1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDiscoveryException(Reason.BAD_STRING, what + " is not UTF-8");
        }
    }

    private static DiscoveryAnswer answer(long nonce, Map<String, String> fields) throws MalformedDiscoveryException {
        String name = required(fields, "name");
        String problem = DiscoveryAnswer.nameProblem(name);
        if (problem != null) {
            throw new MalformedDiscoveryException(Reason.BAD_FIELD, problem);
        }
        String id = required(fields, "id");
        if (!id.matches("[0-9a-f]{" + DiscoveryAnswer.ID_LENGTH + "}")) {
            throw new MalformedDiscoveryException(Reason.BAD_FIELD, "id is " + DiscoveryAnswer.ID_LENGTH
                    + " lower-case hex digits, not '" + id + "'");
        }
        int port = number(fields, "port");
        int protocol = number(fields, "protocol");
        String publicFolder = required(fields, "public");
        if (!publicFolder.equals("0") && !publicFolder.equals("1")) {
            throw new MalformedDiscoveryException(Reason.BAD_FIELD, "public is 0 or 1, not '" + publicFolder + "'");
        }
        String version = fields.get("version");
        if (version != null && !version.matches("[\\x21-\\x7e]{1," + DiscoveryAnswer.MAX_VERSION_BYTES + "}")) {
            throw new MalformedDiscoveryException(Reason.BAD_FIELD, "version is 1.." + DiscoveryAnswer.MAX_VERSION_BYTES
                    + " printable ASCII characters");
        }
        return new DiscoveryAnswer(nonce, name, id, port, protocol, publicFolder.equals("1"), version);
    }

    private static String required(Map<String, String> fields, String key) throws MalformedDiscoveryException {
        String value = fields.get(key);
        if (value == null) {
            throw new MalformedDiscoveryException(Reason.MISSING_FIELD, "no '" + key + "'");
        }
        return value;
    }

    /** 1..65535 in decimal, without sign or leading zero. */
    private static int number(Map<String, String> fields, String key) throws MalformedDiscoveryException {
        String value = required(fields, key);
        if (!value.matches("[1-9][0-9]{0,4}") || Integer.parseInt(value) > 65535) {
            throw new MalformedDiscoveryException(Reason.BAD_FIELD, key + " is 1..65535 in decimal, not '" + value + "'");
        }
        return Integer.parseInt(value);
    }
}
