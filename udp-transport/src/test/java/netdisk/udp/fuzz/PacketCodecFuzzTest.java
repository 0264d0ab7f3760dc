package netdisk.udp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;

/**
 * Any datagram at all: the codec decodes it or says it is malformed, never anything else (no
 * other exception, no hang), and what it decodes encodes back to a packet that decodes the same.
 * The corpus under src/test/resources replays in every test run; {@code JAZZER_FUZZ=1} fuzzes
 * (README, "Fuzzing"). Every input a fuzzing run finds goes into the corpus.
 */
class PacketCodecFuzzTest {

    /** The largest UDP payload over IPv4: nothing bigger reaches the decoder. */
    private static final int MAX_DATAGRAM = 65_507;

    @FuzzTest(maxDuration = "60s")
    void decodesOrRefusesAndRoundTrips(byte[] datagram) {
        if (datagram.length > MAX_DATAGRAM) {
            return;
        }
        Packet packet;
        try {
            packet = PacketCodec.decode(datagram);
        } catch (MalformedPacketException refused) {
            return;
        }
        ByteBuffer encoded = PacketCodec.encode(packet);
        // A peer's ERROR text in broken UTF-8 is kept readable: each bad byte becomes U+FFFD,
        // three bytes when encoded again (found by fuzzing). Nothing grows more than that.
        assertThat(encoded.remaining()).isLessThanOrEqualTo(3 * datagram.length);
        try {
            assertThat(PacketCodec.decode(encoded)).isEqualTo(packet);
        } catch (MalformedPacketException e) {
            throw new AssertionError("re-encoded " + packet + " does not decode: " + e.getMessage(), e);
        }
    }
}
