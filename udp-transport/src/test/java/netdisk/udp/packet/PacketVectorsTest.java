package netdisk.udp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec against the golden vectors of spec/vectors/packets.txt (protocol.md, section 14). */
class PacketVectorsTest {

    private static final List<PacketVector> VECTORS = PacketVectors.load();

    static List<PacketVector> wellFormed() {
        return VECTORS.stream().filter(PacketVector::decodes).toList();
    }

    static List<PacketVector> malformed() {
        return VECTORS.stream().filter(v -> !v.decodes()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void decodesToTheDescribedPacketAndEncodesBackToTheSameBytes(PacketVector v) throws MalformedPacketException {
        Packet described = PacketDescription.parse(v.packet().orElseThrow());

        Packet decoded = PacketCodec.decode(v.bytes());

        assertThat(decoded).isEqualTo(described);
        assertThat(PacketCodec.toBytes(decoded)).isEqualTo(v.expectedEncoding());
        assertThat(PacketCodec.toBytes(described)).isEqualTo(v.expectedEncoding());
        assertThat(PacketCodec.encodedLength(decoded)).isEqualTo(v.expectedEncoding().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesWithTheNamedReason(PacketVector v) {
        MalformedPacketException e =
                catchThrowableOfType(MalformedPacketException.class, () -> PacketCodec.decode(v.bytes()));

        assertThat(e).as("decoding %s must fail", v.name()).isNotNull();
        assertThat(e.reason()).isEqualTo(v.malformed().orElseThrow());
    }

    @Test
    void vectorsCoverEveryPacketKindAndEveryMalformedReason() {
        Set<Opcode> kinds = wellFormed().stream()
                .map(v -> PacketDescription.parse(v.packet().orElseThrow()).opcode())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Opcode.class)));
        Set<MalformedPacketException.Reason> reasons = malformed().stream()
                .map(v -> v.malformed().orElseThrow())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MalformedPacketException.Reason.class)));

        assertThat(kinds).containsExactlyInAnyOrder(Opcode.values());
        assertThat(reasons).containsExactlyInAnyOrder(MalformedPacketException.Reason.values());
    }

    @Test
    void vectorsCoverBlockNumberEdgesAndTheLargestDatagram() {
        List<Packet> packets = wellFormed().stream().map(v -> PacketDescription.parse(v.packet().orElseThrow())).toList();

        assertThat(packets).anySatisfy(p -> assertThat(p).isInstanceOfSatisfying(Data.class, d -> assertThat(d.block()).isZero()));
        assertThat(packets).anySatisfy(p -> assertThat(p).isInstanceOfSatisfying(Ack.class, a -> assertThat(a.block()).isEqualTo(65535)));
        assertThat(wellFormed()).anySatisfy(v -> assertThat(v.bytes()).hasSize(PacketCodec.MAX_PACKET_SIZE));
        assertThat(malformed()).anySatisfy(v -> assertThat(v.bytes()).hasSize(PacketCodec.MAX_PACKET_SIZE + 1));
    }

    // ------------------------------------------------ the reader itself, so a broken one cannot pass silently

    @Test
    void descriptionsDistinguishPacketsThatDifferInAnyField() {
        assertThat(PacketDescription.parse("ACK block=1")).isNotEqualTo(PacketDescription.parse("ACK block=2"));
        assertThat(PacketDescription.parse("DATA block=1 length=3 data=616263"))
                .isEqualTo(Data.of(1, new byte[] {'a', 'b', 'c'}))
                .isNotEqualTo(PacketDescription.parse("DATA block=1 length=3 data=616264"));
        assertThat(PacketDescription.parse("RRQ filename=\"f\" mode=octet options=[blksize=8]"))
                .isNotEqualTo(PacketDescription.parse("RRQ filename=\"f\" mode=octet options=[BLKSIZE=8]"))
                .isNotEqualTo(PacketDescription.parse("WRQ filename=\"f\" mode=octet options=[blksize=8]"));
        assertThat(PacketDescription.parse("OACK options=[a=\"x y\", \"b c\"=\"\"]"))
                .isEqualTo(new OptionAck(TftpOptions.of("a", "x y", "b c", "")));
        assertThat(PacketDescription.parse("ERROR code=0 message=\"q\\\"\\\\\\u{e9}\""))
                .isEqualTo(new ErrorPacket(0, "q\"\\\u00e9"));
    }

    @Test
    void descriptionParserRefusesWhatTheGrammarDoesNotAllow() {
        assertThatThrownBy(() -> PacketDescription.parse("DATA block=1 length=2 data=61")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketDescription.parse("RRQ filename=\"f\" mode=OCTET options=[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketDescription.parse("ACK block=1 extra")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketDescription.parse("NAK block=1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readerParsesBlocksAndTheRepeatNotation() {
        List<PacketVector> vs = PacketVectors.parse("""
                # comment
                name: a
                hex: 00 04  00*2
                packet: ACK block=0

                name: b
                note: empty datagram
                hex:
                malformed: TOO_SHORT
                """);

        assertThat(vs).extracting(PacketVector::name).containsExactly("a", "b");
        assertThat(vs.get(0).bytes()).containsExactly(0, 4, 0, 0);
        assertThat(vs.get(1).bytes()).isEmpty();
        assertThat(vs.get(1).malformed()).contains(MalformedPacketException.Reason.TOO_SHORT);
        assertThat(PacketVectors.hex("0a0B ff*3")).containsExactly(0x0a, 0x0b, 0xff, 0xff, 0xff);
    }

    @Test
    void readerRefusesIncompleteOrAmbiguousVectors() {
        assertThatThrownBy(() -> PacketVectors.parse("name: a\nhex: 00\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketVectors.parse("name: a\nhex: 00\nmalformed: TOO_SHORT\npacket: ACK block=0\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketVectors.parse("name: a\nhex: 00\nmalformed: NOPE\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketVectors.parse("name: a\nhex: 0\nmalformed: TOO_SHORT\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketVectors.parse("name: a\nhex: 00\nmalformed: TOO_SHORT\n\nname: a\nhex: 00\nmalformed: TOO_SHORT\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketVectors.parse("name: a\nhexx: 00\nmalformed: TOO_SHORT\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
