package netdisk.udp.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Packet} a vector file describes, e.g. {@code RRQ filename="boot.img"
 * mode=octet options=[blksize=1428, tsize=0]} or {@code DATA block=1 length=3 data=616263}.
 *
 * <p>The grammar is documented at the top of {@code spec/vectors/packets.txt}. The parser is
 * independent of the codec (it builds packets with their constructors), so comparing its result
 * with what the codec decodes can fail.
 */
final class PacketDescription {

    private final String text;
    private int at;

    private PacketDescription(String text) {
        this.text = text;
    }

    static Packet parse(String text) {
        PacketDescription p = new PacketDescription(text);
        Packet packet = p.packet();
        if (p.at != text.length()) {
            throw p.error("unexpected text after the packet");
        }
        return packet;
    }

    private Packet packet() {
        String kind = bare();
        return switch (kind) {
            case "RRQ" -> {
                String filename = field("filename", this::string);
                TransferMode mode = field("mode", this::mode);
                yield new ReadRequest(filename, mode, field("options", this::options));
            }
            case "WRQ" -> {
                String filename = field("filename", this::string);
                TransferMode mode = field("mode", this::mode);
                yield new WriteRequest(filename, mode, field("options", this::options));
            }
            case "DATA" -> {
                int block = field("block", this::number);
                int length = field("length", this::number);
                expect(" data=");
                byte[] data = PacketVectors.hex(text.substring(at));
                at = text.length();
                if (data.length != length) {
                    throw error("length=" + length + " but data has " + data.length + " bytes");
                }
                yield Data.of(block, data);
            }
            case "ACK" -> new Ack(field("block", this::number));
            case "ERROR" -> {
                int code = field("code", this::number);
                yield new ErrorPacket(code, field("message", this::string));
            }
            case "OACK" -> new OptionAck(field("options", this::options));
            case "FLOW_DATA" -> {
                long block = field("block", this::longNumber);
                long sequence = field("sequence", this::longNumber);
                int length = field("length", this::number);
                expect(" data=");
                byte[] data = PacketVectors.hex(text.substring(at));
                at = text.length();
                if (data.length != length) {
                    throw error("length=" + length + " but data has " + data.length + " bytes");
                }
                yield FlowData.of(block, sequence, data);
            }
            case "FLOW_ACK" -> {
                long largest = field("largest-sequence", this::longNumber);
                int delay = field("ack-delay", this::number);
                long cumulative = field("cumulative", this::longNumber);
                int window = field("window", this::number);
                yield new FlowAck(largest, delay, cumulative, window, field("ranges", this::ranges));
            }
            case "FLOW_DONE" -> new FlowDone(field("final-block", this::longNumber));
            default -> throw error("unknown packet kind " + kind);
        };
    }

    private interface Reader<T> {
        T read();
    }

    private <T> T field(String name, Reader<T> reader) {
        expect(" " + name + "=");
        return reader.read();
    }

    private TransferMode mode() {
        String name = bare();
        TransferMode mode = TransferMode.parse(name);
        if (mode == null || !mode.wireName().equals(name)) {
            throw error("mode must be netascii, octet or mail in lower case: " + name);
        }
        return mode;
    }

    private TftpOptions options() {
        expect("[");
        List<TftpOption> options = new ArrayList<>();
        if (!peek(']')) {
            do {
                String name = token();
                expect("=");
                options.add(new TftpOption(name, token()));
            } while (tryExpect(", "));
        }
        expect("]");
        return TftpOptions.of(options);
    }

    private List<FlowAck.Range> ranges() {
        expect("[");
        List<FlowAck.Range> ranges = new ArrayList<>();
        if (!peek(']')) {
            do {
                long first = longNumber();
                expect("-");
                ranges.add(new FlowAck.Range(first, longNumber()));
            } while (tryExpect(", "));
        }
        expect("]");
        return ranges;
    }

    private long longNumber() {
        int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        if (start == at) {
            throw error("expected a decimal number");
        }
        return Long.parseLong(text.substring(start, at));
    }

    private String token() {
        return peek('"') ? string() : bare();
    }

    private int number() {
        return Math.toIntExact(longNumber());
    }

    /** A non-empty run of A-Z a-z 0-9 . _ - */
    private String bare() {
        int start = at;
        while (at < text.length() && isBare(text.charAt(at))) {
            at++;
        }
        if (start == at) {
            throw error("expected a bare word");
        }
        return text.substring(start, at);
    }

    private static boolean isBare(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    /** A double-quoted string with the escapes \" \\ and \\u{H...}. */
    private String string() {
        expect("\"");
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\' -> sb.append(e);
                case 'u' -> {
                    expect("{");
                    int close = text.indexOf('}', at);
                    if (close < 0) {
                        throw error("unterminated \\u{");
                    }
                    sb.appendCodePoint(Integer.parseInt(text.substring(at, close), 16));
                    at = close + 1;
                }
                default -> throw error("unknown escape \\" + e);
            }
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private boolean tryExpect(String s) {
        if (text.startsWith(s, at)) {
            at += s.length();
            return true;
        }
        return false;
    }

    private void expect(String s) {
        if (!tryExpect(s)) {
            throw error("expected \"" + s + "\"");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + at + " of: " + text);
    }
}
