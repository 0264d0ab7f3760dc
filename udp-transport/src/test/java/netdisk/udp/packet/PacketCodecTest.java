package netdisk.udp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PacketCodecTest {

    static Stream<Packet> everyKind() {
        return Stream.of(
                new ReadRequest("boot.img", TransferMode.OCTET),
                new ReadRequest("r\u00e9sum\u00e9.txt", TransferMode.NETASCII,
                        TftpOptions.of("blksize", "1428", "tsize", "0", "timeout", "3", "windowsize", "16")),
                new WriteRequest("upload.bin", TransferMode.OCTET, TftpOptions.of("tsize", "1048576")),
                new WriteRequest("m", TransferMode.MAIL),
                Data.of(1, "hello".getBytes(StandardCharsets.US_ASCII)),
                Data.of(0, new byte[0]),
                Data.of(65535, new byte[KnownOption.MAX_BLKSIZE]),
                new Ack(0),
                new Ack(65535),
                new ErrorPacket(ErrorCode.FILE_NOT_FOUND, "File not found"),
                new ErrorPacket(42, ""),
                new OptionAck(TftpOptions.of("blksize", "1428", "windowsize", "64")));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void roundTripsEveryKind(Packet packet) throws MalformedPacketException {
        byte[] bytes = PacketCodec.toBytes(packet);

        assertThat(PacketCodec.decode(bytes)).isEqualTo(packet);
        assertThat(bytes).hasSize(PacketCodec.encodedLength(packet));
        assertThat(PacketCodec.encode(packet).remaining()).isEqualTo(bytes.length);
        assertThat(Short.toUnsignedInt(ByteBuffer.wrap(bytes).getShort())).isEqualTo(packet.opcode().code());
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void encodeIntoABufferAdvancesItsPositionByTheEncodedLength(Packet packet) throws MalformedPacketException {
        ByteBuffer out = ByteBuffer.allocate(PacketCodec.MAX_PACKET_SIZE + 16).position(7);

        PacketCodec.encode(packet, out);

        assertThat(out.position()).isEqualTo(7 + PacketCodec.encodedLength(packet));
        assertThat(PacketCodec.decode(out.flip().position(7))).isEqualTo(packet);
    }

    @Test
    void encodeIntoATooSmallBufferOverflows() {
        Packet ack = new Ack(1);
        assertThatThrownBy(() -> PacketCodec.encode(ack, ByteBuffer.allocate(3))).isInstanceOf(BufferOverflowException.class);
    }

    @Test
    void decodeLeavesTheInputPositionAndLimitUnchanged() throws MalformedPacketException {
        ByteBuffer in = ByteBuffer.allocate(64);
        in.put(new byte[] {9, 9, 9, 0, 3, 0, 1, 'a', 'b', 'c', 9, 9});
        in.position(3).limit(10);

        Packet packet = PacketCodec.decode(in);

        assertThat(packet).isEqualTo(Data.of(1, new byte[] {'a', 'b', 'c'}));
        assertThat(in.position()).isEqualTo(3);
        assertThat(in.limit()).isEqualTo(10);
    }

    @Test
    void decodeLeavesThePositionUnchangedWhenItRefusesTheDatagram() {
        ByteBuffer in = ByteBuffer.wrap(new byte[] {0, 4, 0, 1, 0}).position(0);

        MalformedPacketException e = catchThrowableOfType(MalformedPacketException.class, () -> PacketCodec.decode(in));

        assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.TOO_LONG);
        assertThat(in.position()).isZero();
        assertThat(in.limit()).isEqualTo(5);
    }

    @Test
    void decodesOnlyTheBytesBetweenPositionAndLimit() throws MalformedPacketException {
        // An ACK followed by bytes beyond the limit: those bytes are not part of the datagram.
        ByteBuffer in = ByteBuffer.wrap(new byte[] {0, 4, 1, 2, 7, 7, 7}).limit(4);

        assertThat(PacketCodec.decode(in)).isEqualTo(new Ack(0x0102));
    }

    @Test
    void dataPayloadIsReadOnlyAndEachViewStartsAtZero() throws MalformedPacketException {
        Data data = (Data) PacketCodec.decode(new byte[] {0, 3, 0, 1, 'a', 'b'});

        ByteBuffer first = data.payload();
        assertThat(first.isReadOnly()).isTrue();
        assertThatThrownBy(() -> first.put(0, (byte) 'x')).isInstanceOf(ReadOnlyBufferException.class);
        first.get();
        assertThat(data.payload().position()).isZero();
        assertThat(data.payload().remaining()).isEqualTo(2);
        assertThat(Data.of(1, new byte[] {1}).payload().isReadOnly()).isTrue();
        assertThat(data.bytes()).containsExactly('a', 'b');
        assertThat(data.length()).isEqualTo(2);
    }

    @Test
    void dataEqualityIsByBlockAndContentNotByBuffer() throws MalformedPacketException {
        byte[] framed = {0, 3, 0, 7, 1, 2, 3};
        Data decoded = (Data) PacketCodec.decode(framed);
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put(new byte[] {9, 9, 1, 2, 3}).flip().position(2);

        Data fromArray = Data.of(7, new byte[] {1, 2, 3});
        Data fromDirect = new Data(7, direct);

        assertThat(decoded).isEqualTo(fromArray).isEqualTo(fromDirect).hasSameHashCodeAs(fromArray);
        assertThat(fromDirect).hasSameHashCodeAs(fromArray);
        assertThat(decoded).isNotEqualTo(Data.of(7, new byte[] {1, 2, 4}));
        assertThat(decoded).isNotEqualTo(Data.of(8, new byte[] {1, 2, 3}));
        assertThat(decoded).isNotEqualTo(Data.of(7, new byte[] {1, 2}));
    }

    @Test
    void keepsOptionOrderOnTheWireAndWhenDecoding() throws MalformedPacketException {
        TftpOptions options = TftpOptions.of("windowsize", "4", "tsize", "0", "zeta", "z", "blksize", "1024");
        ReadRequest rrq = new ReadRequest("f", TransferMode.OCTET, options);

        byte[] bytes = PacketCodec.toBytes(rrq);
        Request decoded = (Request) PacketCodec.decode(bytes);
        OptionAck oack = (OptionAck) PacketCodec.decode(PacketCodec.toBytes(new OptionAck(options)));

        assertThat(new String(bytes, StandardCharsets.US_ASCII))
                .isEqualTo("\0\1f\0octet\0windowsize\0" + "4\0tsize\0" + "0\0zeta\0z\0blksize\0" + "1024\0");
        assertThat(decoded.options().asList()).extracting(TftpOption::name).containsExactly("windowsize", "tsize", "zeta", "blksize");
        assertThat(oack.options().asList()).extracting(TftpOption::name).containsExactly("windowsize", "tsize", "zeta", "blksize");
    }

    @Test
    void encodedLengthMatchesTheWrittenBytesEvenForOptionTextOutsideAscii() {
        // Options are US-ASCII on the wire; text that is not is written as '?' per code point.
        OptionAck oack = new OptionAck(TftpOptions.of("x", "\uD83D\uDE00\u00e9"));

        assertThat(PacketCodec.toBytes(oack)).hasSize(PacketCodec.encodedLength(oack));
    }

    @Test
    void errorCodesBeyondEightMeanNotDefinedButAreKept() throws MalformedPacketException {
        ErrorPacket e = (ErrorPacket) PacketCodec.decode(PacketCodec.toBytes(new ErrorPacket(42, "x")));

        assertThat(e.code()).isEqualTo(42);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_DEFINED);
        assertThat(new ErrorPacket(8, "").errorCode()).isEqualTo(ErrorCode.OPTION_NEGOTIATION);
    }

    @Test
    void optionProblemsInARequestAreAnsweredWithErrorEightAndTheRestWithErrorFour() {
        for (MalformedPacketException.Reason r : MalformedPacketException.Reason.values()) {
            ErrorCode expected = r == MalformedPacketException.Reason.BAD_OPTION || r == MalformedPacketException.Reason.BAD_OPTION_VALUE
                    ? ErrorCode.OPTION_NEGOTIATION
                    : ErrorCode.ILLEGAL_OPERATION;
            assertThat(r.errorCode()).as(r.name()).isEqualTo(expected);
        }
    }

    @Test
    void largestPacketIsADataHeaderAndTheLargestBlock() {
        assertThat(PacketCodec.MAX_PACKET_SIZE).isEqualTo(65468);
    }

    // ------------------------------------------------------------------------------------ fuzzing

    private static final long SEED = 0x6E65746469736BL; // "netdisk"

    /** Fragments that steer random datagrams into the codec's deeper paths (strings, options). */
    private static final List<byte[]> FRAGMENTS = Stream.of(
                    "octet", "OCTET", "netascii", "mail", "binary", "blksize", "BLKSIZE", "tsize", "timeout",
                    "windowsize", "netdisk-token", "0", "7", "8", "512", "1428", "65464", "65536", "255", "256",
                    "-1", "12a", "99999999999999999999", "9999999999999999999", "f", "boot.img")
            .map(s -> s.getBytes(StandardCharsets.US_ASCII))
            .toList();

    @Test
    void randomDatagramsDecodeToAPacketOrAMalformedPacketExceptionAndNothingElse() {
        Random random = new Random(SEED);
        FuzzTally tally = new FuzzTally();
        for (int i = 0; i < 200_000; i++) {
            int length = i % 100 == 0 ? 600 + random.nextInt(PacketCodec.MAX_PACKET_SIZE + 200 - 600) : random.nextInt(601);
            byte[] datagram = new byte[length];
            random.nextBytes(datagram);
            if (length >= 2 && random.nextInt(4) != 0) {
                // Most random opcodes are unknown; make three in four datagrams start with one of 0..7.
                datagram[0] = 0;
                datagram[1] = (byte) random.nextInt(8);
            }
            tally.check(datagram);
        }
        assertThat(tally.decoded).isGreaterThan(10_000);
        assertThat(tally.reasons.keySet()).contains(
                MalformedPacketException.Reason.TOO_SHORT, MalformedPacketException.Reason.TOO_LONG,
                MalformedPacketException.Reason.UNKNOWN_OPCODE, MalformedPacketException.Reason.MISSING_NUL);
    }

    @Test
    void datagramsBuiltFromProtocolFragmentsDecodeToAPacketOrAMalformedPacketException() {
        Random random = new Random(SEED + 1);
        FuzzTally tally = new FuzzTally();
        for (int i = 0; i < 100_000; i++) {
            ByteBuffer b = ByteBuffer.allocate(600);
            b.putShort((short) random.nextInt(8));
            int parts = random.nextInt(10);
            for (int p = 0; p < parts && b.remaining() > 40; p++) {
                switch (random.nextInt(6)) {
                    case 0 -> b.put((byte) 0);
                    case 1 -> b.put((byte) random.nextInt(256));
                    default -> b.put(FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))).put((byte) (random.nextInt(8) == 0 ? 'x' : 0));
                }
            }
            byte[] datagram = new byte[b.position()];
            b.flip().get(datagram);
            tally.check(datagram);
        }
        // The fragments reach every rule of the RFC packets, and plenty of requests and OACKs
        // decode; flow mode's binary packets have a fuzz test of their own below.
        assertThat(tally.reasons.keySet()).containsExactlyInAnyOrderElementsOf(
                EnumSet.complementOf(EnumSet.of(MalformedPacketException.Reason.BAD_FIELD)));
        assertThat(tally.decodedKinds).containsExactlyInAnyOrderElementsOf(
                EnumSet.complementOf(EnumSet.of(Opcode.FLOW_DATA, Opcode.FLOW_ACK, Opcode.FLOW_DONE)));
    }

    @Test
    void flowDatagramsBuiltFromNumberFragmentsDecodeToAPacketOrAMalformedPacketException() {
        Random random = new Random(SEED + 2);
        FuzzTally tally = new FuzzTally();
        long[] numbers = {0, 1, 2, 3, 7, 100, 65_535, 65_536, 1L << 32, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 0; i < 100_000; i++) {
            ByteBuffer b = ByteBuffer.allocate(1_200);
            b.putShort((short) (random.nextBoolean() ? Opcode.FLOW_DATA.code() : Opcode.FLOW_ACK.code()));
            int parts = random.nextInt(12);
            for (int p = 0; p < parts && b.remaining() > 16; p++) {
                long n = random.nextInt(4) == 0 ? random.nextLong() : numbers[random.nextInt(numbers.length)];
                switch (random.nextInt(4)) {
                    case 0 -> b.putLong(n);
                    case 1 -> b.putInt((int) n);
                    case 2 -> b.putShort((short) (random.nextInt(3) == 0 ? n : random.nextInt(4)));
                    default -> b.put((byte) n);
                }
            }
            byte[] datagram = new byte[b.position()];
            b.flip().get(datagram);
            tally.check(datagram);
        }
        // FLOW_DONE: an opcode and zero to three numbers of any width.
        Random doneRandom = new Random(SEED + 3);
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocate(64);
            b.putShort((short) Opcode.FLOW_DONE.code());
            for (int p = doneRandom.nextInt(4); p > 0; p--) {
                long n = numbers[doneRandom.nextInt(numbers.length)];
                switch (doneRandom.nextInt(3)) {
                    case 0 -> b.putLong(n);
                    case 1 -> b.putInt((int) n);
                    default -> b.put((byte) n);
                }
            }
            byte[] datagram = new byte[b.position()];
            b.flip().get(datagram);
            tally.check(datagram);
        }
        assertThat(tally.decodedKinds).contains(Opcode.FLOW_DATA, Opcode.FLOW_ACK, Opcode.FLOW_DONE);
        assertThat(tally.reasons.keySet()).contains(MalformedPacketException.Reason.TOO_SHORT,
                MalformedPacketException.Reason.TOO_LONG, MalformedPacketException.Reason.BAD_FIELD);
    }

    /** Decodes one datagram and checks the codec's contract on it; counts what happened. */
    private static final class FuzzTally {
        int decoded;
        final Map<MalformedPacketException.Reason, Integer> reasons = new EnumMap<>(MalformedPacketException.Reason.class);
        final EnumSet<Opcode> decodedKinds = EnumSet.noneOf(Opcode.class);

        void check(byte[] datagram) {
            Packet packet;
            try {
                packet = PacketCodec.decode(datagram);
            } catch (MalformedPacketException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
                return;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("decode threw " + e + " for " + HexFormat.of().formatHex(datagram), e);
            }
            decoded++;
            decodedKinds.add(packet.opcode());
            byte[] reencoded = PacketCodec.toBytes(packet);
            assertThat(reencoded).hasSize(PacketCodec.encodedLength(packet));
            try {
                Packet again = PacketCodec.decode(reencoded);
                assertThat(again).as("re-decoded %s", HexFormat.of().formatHex(datagram)).isEqualTo(packet);
                assertThat(PacketCodec.toBytes(again)).isEqualTo(reencoded);
            } catch (MalformedPacketException e) {
                throw new AssertionError("re-encoding of " + HexFormat.of().formatHex(datagram) + " does not decode", e);
            }
        }
    }
}
