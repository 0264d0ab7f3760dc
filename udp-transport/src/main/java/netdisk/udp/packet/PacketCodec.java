package netdisk.udp.packet;

import static netdisk.udp.packet.MalformedPacketException.Reason.BAD_FIELD;
import static netdisk.udp.packet.MalformedPacketException.Reason.BAD_MODE;
import static netdisk.udp.packet.MalformedPacketException.Reason.BAD_OPTION;
import static netdisk.udp.packet.MalformedPacketException.Reason.BAD_STRING;
import static netdisk.udp.packet.MalformedPacketException.Reason.EMPTY_FILENAME;
import static netdisk.udp.packet.MalformedPacketException.Reason.MISSING_NUL;
import static netdisk.udp.packet.MalformedPacketException.Reason.TOO_LONG;
import static netdisk.udp.packet.MalformedPacketException.Reason.TOO_SHORT;
import static netdisk.udp.packet.MalformedPacketException.Reason.UNKNOWN_OPCODE;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes and decodes TFTP packets. Pure functions over byte buffers: no I/O, no state.
 *
 * <p>Decoding is total: any byte sequence yields either a {@link Packet} or a {@link
 * MalformedPacketException} naming the rule broken. Strings are NUL-terminated; file names and
 * error messages are UTF-8 (plain ASCII, as stock peers send, is a subset), option names and
 * values and the mode are US-ASCII.
 */
public final class PacketCodec {

    /** The largest packet: a DATA header and the largest RFC 2348 block. */
    public static final int MAX_PACKET_SIZE = 4 + KnownOption.MAX_BLKSIZE;

    private PacketCodec() {}

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes the datagram between {@code datagram}'s position and limit. The buffer's position
     * is left unchanged.
     */
    public static Packet decode(ByteBuffer datagram) throws MalformedPacketException {
        ByteBuffer in = datagram.slice();
        if (in.remaining() > MAX_PACKET_SIZE) {
            throw new MalformedPacketException(TOO_LONG,
                    "datagram of " + in.remaining() + " bytes exceeds " + MAX_PACKET_SIZE);
        }
        if (in.remaining() < 2) {
            throw new MalformedPacketException(TOO_SHORT, "datagram of " + in.remaining() + " bytes has no opcode");
        }
        int code = Short.toUnsignedInt(in.getShort());
        Opcode opcode = Opcode.of(code);
        if (opcode == null) {
            throw new MalformedPacketException(UNKNOWN_OPCODE, "opcode " + code + " is not 1..6 (or a flow-mode opcode)");
        }
        return switch (opcode) {
            case RRQ, WRQ -> decodeRequest(opcode, in);
            case DATA -> decodeData(in);
            case ACK -> decodeAck(in);
            case ERROR -> decodeError(in);
            case OACK -> new OptionAck(decodeOptions(in, "OACK"));
            case FLOW_DATA -> decodeFlowData(in);
            case FLOW_ACK -> decodeFlowAck(in);
            case FLOW_DONE -> decodeFlowDone(in);
        };
    }

    /** Decodes a whole array. */
    public static Packet decode(byte[] datagram) throws MalformedPacketException {
        return decode(ByteBuffer.wrap(datagram));
    }

    private static Request decodeRequest(Opcode opcode, ByteBuffer in) throws MalformedPacketException {
        String filename = readString(in, "filename of " + opcode, true);
        if (filename.isEmpty()) {
            throw new MalformedPacketException(EMPTY_FILENAME, opcode + " names no file");
        }
        String modeName = readString(in, "mode of " + opcode, false);
        TransferMode mode = TransferMode.parse(modeName);
        if (mode == null) {
            throw new MalformedPacketException(BAD_MODE,
                    "mode \"" + modeName + "\" of " + opcode + " is not netascii, octet or mail");
        }
        TftpOptions options = decodeOptions(in, opcode.toString());
        return opcode == Opcode.RRQ
                ? new ReadRequest(filename, mode, options)
                : new WriteRequest(filename, mode, options);
    }

    private static TftpOptions decodeOptions(ByteBuffer in, String where) throws MalformedPacketException {
        List<TftpOption> options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (in.hasRemaining()) {
            if (options.size() == TftpOptions.MAX_OPTIONS) {
                // A request of 65 KB can hold 13,000 tiny options; each costs the listener work,
                // and no peer needs more than a handful (spec 4.7).
                throw new MalformedPacketException(BAD_OPTION,
                        "more than " + TftpOptions.MAX_OPTIONS + " options in " + where);
            }
            String name = readString(in, "option name in " + where, false);
            if (name.isEmpty()) {
                throw new MalformedPacketException(BAD_OPTION, "empty option name in " + where);
            }
            if (!in.hasRemaining()) {
                throw new MalformedPacketException(BAD_OPTION, "option " + name + " in " + where + " has no value");
            }
            String value = readString(in, "value of option " + name + " in " + where, false);
            if (!seen.add(TftpOptions.key(name))) {
                throw new MalformedPacketException(BAD_OPTION, "option " + name + " appears twice in " + where);
            }
            var known = KnownOption.named(name);
            if (known.isPresent()) {
                known.get().parse(value);
            }
            options.add(new TftpOption(name, value));
        }
        return TftpOptions.of(options);
    }

    private static Data decodeData(ByteBuffer in) throws MalformedPacketException {
        if (in.remaining() < 2) {
            throw new MalformedPacketException(TOO_SHORT, "DATA has no block number");
        }
        int block = Short.toUnsignedInt(in.getShort());
        // Copied: a receive buffer is reused for the next datagram, a Data must not change with it.
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        return new Data(block, ByteBuffer.wrap(payload));
    }

    private static Ack decodeAck(ByteBuffer in) throws MalformedPacketException {
        if (in.remaining() < 2) {
            throw new MalformedPacketException(TOO_SHORT, "ACK has no block number");
        }
        int block = Short.toUnsignedInt(in.getShort());
        if (in.hasRemaining()) {
            throw new MalformedPacketException(TOO_LONG, "ACK has " + in.remaining() + " bytes after the block number");
        }
        return new Ack(block);
    }

    private static FlowData decodeFlowData(ByteBuffer in) throws MalformedPacketException {
        if (in.remaining() < FlowData.HEADER_BYTES - 2) {
            throw new MalformedPacketException(TOO_SHORT, "FLOW_DATA needs a block and a sequence number");
        }
        long block = in.getLong();
        long sequence = in.getLong();
        if (block < 1 || sequence < 1) {
            throw new MalformedPacketException(BAD_FIELD, "FLOW_DATA block and sequence start at 1, got block "
                    + Long.toUnsignedString(block) + " sequence " + Long.toUnsignedString(sequence));
        }
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        return new FlowData(block, sequence, ByteBuffer.wrap(payload));
    }

    private static FlowDone decodeFlowDone(ByteBuffer in) throws MalformedPacketException {
        if (in.remaining() < FlowDone.BYTES - 2) {
            throw new MalformedPacketException(TOO_SHORT, "FLOW_DONE needs the final block number");
        }
        long finalBlock = in.getLong();
        if (in.hasRemaining()) {
            throw new MalformedPacketException(TOO_LONG, "FLOW_DONE has " + in.remaining() + " bytes after its final block");
        }
        if (finalBlock < 1) {
            throw new MalformedPacketException(BAD_FIELD, "FLOW_DONE final block starts at 1, got "
                    + Long.toUnsignedString(finalBlock));
        }
        return new FlowDone(finalBlock);
    }

    private static FlowAck decodeFlowAck(ByteBuffer in) throws MalformedPacketException {
        if (in.remaining() < FlowAck.FIXED_BYTES - 2) {
            throw new MalformedPacketException(TOO_SHORT, "FLOW_ACK of " + (in.remaining() + 2) + " bytes is shorter than "
                    + FlowAck.FIXED_BYTES);
        }
        long largestSequence = in.getLong();
        long ackDelay = Integer.toUnsignedLong(in.getInt());
        long cumulative = in.getLong();
        long window = Integer.toUnsignedLong(in.getInt());
        long largestBlock = in.getLong();
        int count = Short.toUnsignedInt(in.getShort());
        if (count > FlowAck.MAX_RANGES) {
            throw new MalformedPacketException(BAD_FIELD, "FLOW_ACK has " + count + " ranges, at most "
                    + FlowAck.MAX_RANGES + " are allowed");
        }
        if (in.remaining() < count * 8L) {
            throw new MalformedPacketException(TOO_SHORT, "FLOW_ACK announces " + count + " ranges but holds "
                    + in.remaining() / 8);
        }
        if (in.remaining() > count * 8L) {
            throw new MalformedPacketException(TOO_LONG, "FLOW_ACK has " + (in.remaining() - count * 8L)
                    + " bytes after its " + count + " ranges");
        }
        if (largestSequence < 0 || cumulative < 0 || largestBlock < 0 || ackDelay > Integer.MAX_VALUE
                || window > Integer.MAX_VALUE) {
            throw new MalformedPacketException(BAD_FIELD, "FLOW_ACK field out of range");
        }
        if (count == 0 && largestBlock != cumulative) {
            throw new MalformedPacketException(BAD_FIELD, "FLOW_ACK without ranges must have largest block = cumulative");
        }
        List<FlowAck.Range> ranges = new ArrayList<>(count);
        long top = largestBlock;
        for (int i = 0; i < count; i++) {
            long gap = Integer.toUnsignedLong(in.getInt());
            long length = Integer.toUnsignedLong(in.getInt());
            if (i == 0 ? gap != 0 : gap == 0) {
                throw new MalformedPacketException(BAD_FIELD, "FLOW_ACK range " + i + " has gap " + gap
                        + " (the first range's gap is 0, the others' at least 1)");
            }
            top -= gap;
            long first = top - length + 1;
            if (length == 0 || first <= cumulative + 1) {
                throw new MalformedPacketException(BAD_FIELD, "FLOW_ACK range " + i + " is empty or reaches down to"
                        + " cumulative + 1");
            }
            ranges.add(new FlowAck.Range(first, top));
            top = first - 1;
        }
        return new FlowAck(largestSequence, (int) ackDelay, cumulative, (int) window, ranges);
    }

    private static ErrorPacket decodeError(ByteBuffer in) throws MalformedPacketException {
        if (in.remaining() < 2) {
            throw new MalformedPacketException(TOO_SHORT, "ERROR has no error code");
        }
        int code = Short.toUnsignedInt(in.getShort());
        String message = readLenientString(in, "message of ERROR");
        if (in.hasRemaining()) {
            throw new MalformedPacketException(TOO_LONG, "ERROR has " + in.remaining() + " bytes after its message");
        }
        return new ErrorPacket(code, message);
    }

    /** Reads a NUL-terminated string; UTF-8 when {@code utf8}, else US-ASCII. */
    private static String readString(ByteBuffer in, String what, boolean utf8) throws MalformedPacketException {
        int start = in.position();
        int nul = indexOfNul(in);
        if (nul < 0) {
            throw new MalformedPacketException(MISSING_NUL, what + " is not NUL-terminated");
        }
        ByteBuffer bytes = in.duplicate().position(start).limit(nul);
        in.position(nul + 1);
        try {
            return (utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPacketException(BAD_STRING, what + " is not valid " + (utf8 ? "UTF-8" : "ASCII"));
        }
    }

    /** Error messages are for people: decode what is there, replacing undecodable bytes. */
    private static String readLenientString(ByteBuffer in, String what) throws MalformedPacketException {
        int start = in.position();
        int nul = indexOfNul(in);
        if (nul < 0) {
            throw new MalformedPacketException(MISSING_NUL, what + " is not NUL-terminated");
        }
        byte[] bytes = new byte[nul - start];
        in.get(bytes);
        in.get(); // the NUL
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int indexOfNul(ByteBuffer in) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- encoding

    /** A new buffer holding {@code packet}, ready to read (position 0, limit = length). */
    public static ByteBuffer encode(Packet packet) {
        ByteBuffer out = ByteBuffer.allocate(encodedLength(packet));
        encode(packet, out);
        return out.flip();
    }

    /** The packet's bytes as an array. */
    public static byte[] toBytes(Packet packet) {
        ByteBuffer buffer = encode(packet);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /**
     * Writes {@code packet} at {@code out}'s position, advancing it.
     *
     * @throws BufferOverflowException when {@code out} has too little room
     */
    public static void encode(Packet packet, ByteBuffer out) {
        out.putShort((short) packet.opcode().code());
        switch (packet) {
            case Request r -> {
                putString(out, r.filename(), true);
                putString(out, r.mode().wireName(), false);
                putOptions(out, r.options());
            }
            case Data d -> {
                out.putShort((short) d.block());
                out.put(d.payload());
            }
            case Ack a -> out.putShort((short) a.block());
            case ErrorPacket e -> {
                out.putShort((short) e.code());
                putString(out, e.message(), true);
            }
            case OptionAck o -> putOptions(out, o.options());
            case FlowData d -> {
                out.putLong(d.block());
                out.putLong(d.sequence());
                out.put(d.payload());
            }
            case FlowAck a -> putFlowAck(out, a);
            case FlowDone d -> out.putLong(d.finalBlock());
        }
    }

    private static void putFlowAck(ByteBuffer out, FlowAck ack) {
        out.putLong(ack.largestSequence());
        out.putInt(ack.ackDelayMicros());
        out.putLong(ack.cumulative());
        out.putInt(ack.window());
        out.putLong(ack.largestBlock());
        out.putShort((short) ack.ranges().size());
        long above = -1;
        for (FlowAck.Range range : ack.ranges()) {
            out.putInt(above < 0 ? 0 : (int) (above - range.last() - 1));
            out.putInt((int) range.length());
            above = range.first();
        }
    }

    /** Exactly how many bytes {@link #encode(Packet, ByteBuffer)} writes. */
    public static int encodedLength(Packet packet) {
        return 2 + switch (packet) {
            case Request r -> utf8Length(r.filename()) + 1 + r.mode().wireName().length() + 1 + optionsLength(r.options());
            case Data d -> 2 + d.length();
            case Ack a -> 2;
            case ErrorPacket e -> 2 + utf8Length(e.message()) + 1;
            case OptionAck o -> optionsLength(o.options());
            case FlowData d -> FlowData.HEADER_BYTES - 2 + d.length();
            case FlowAck a -> FlowAck.FIXED_BYTES - 2 + 8 * a.ranges().size();
            case FlowDone d -> FlowDone.BYTES - 2;
        };
    }

    private static void putOptions(ByteBuffer out, TftpOptions options) {
        for (TftpOption o : options.asList()) {
            putString(out, o.name(), false);
            putString(out, o.value(), false);
        }
    }

    private static int optionsLength(TftpOptions options) {
        int n = 0;
        for (TftpOption o : options.asList()) {
            n += asciiLength(o.name()) + 1 + asciiLength(o.value()) + 1;
        }
        return n;
    }

    private static void putString(ByteBuffer out, String s, boolean utf8) {
        out.put(s.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII));
        out.put((byte) 0);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * What {@link #putString} writes for an ASCII field. Not {@code s.length()}: a character
     * outside ASCII is written as one '?' per code point, so a surrogate pair is one byte, not two.
     */
    private static int asciiLength(String s) {
        return s.getBytes(StandardCharsets.US_ASCII).length;
    }
}
