package netdisk.udp.blocks;

import static netdisk.udp.blocks.TextSamples.ascii;
import static netdisk.udp.blocks.TextSamples.trickyText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure translators: RFC 764 rules as RFC 1350 §1 uses them, across buffer boundaries. */
class NetasciiTest {

    @Test
    void encodesLfAsCrLf() {
        assertThat(Netascii.encode(ascii("a\nb"))).isEqualTo(ascii("a\r\nb"));
    }

    @Test
    void encodesBareCrAsCrNul() {
        assertThat(Netascii.encode(ascii("a\rb"))).isEqualTo(ascii("a\r\0b"));
    }

    @Test
    void encodesLocalCrLfAsCrNulCrLf() {
        // Local text uses LF line ends, so a local CR LF is a bare CR then a line end.
        assertThat(Netascii.encode(ascii("a\r\nb"))).isEqualTo(ascii("a\r\0\r\nb"));
    }

    @Test
    void passesOtherBytesThrough() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        byte[] others = ascii(new String(all, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\r", "").replace("\n", ""));
        assertThat(Netascii.encode(others)).isEqualTo(others);
        assertThat(Netascii.decode(others)).isEqualTo(others);
    }

    @Test
    void decodesCrLfAsLfAndCrNulAsCr() {
        assertThat(Netascii.decode(ascii("a\r\nb"))).isEqualTo(ascii("a\nb"));
        assertThat(Netascii.decode(ascii("a\r\0b"))).isEqualTo(ascii("a\rb"));
    }

    @Test
    void keepsCrFollowedByAnythingElse() {
        assertThat(Netascii.decode(ascii("a\rb"))).isEqualTo(ascii("a\rb"));
        assertThat(Netascii.decode(ascii("a\r\r\nb"))).isEqualTo(ascii("a\r\nb"));
        assertThat(Netascii.decode(ascii("\r\r\0"))).isEqualTo(ascii("\r\r"));
    }

    @Test
    void keepsBareCrAtTheVeryEnd() {
        assertThat(Netascii.decode(ascii("ab\r"))).isEqualTo(ascii("ab\r"));
    }

    @Test
    void decodesCrLfSplitAcrossTwoBlocks() {
        NetasciiDecoder decoder = new NetasciiDecoder();
        ByteBuffer out = ByteBuffer.allocate(16);
        decoder.decode(ByteBuffer.wrap(ascii("a\r")), out);
        assertThat(decoder.hasHeldCr()).isTrue();
        assertThat(out.position()).isEqualTo(1);
        decoder.decode(ByteBuffer.wrap(ascii("\nb")), out);
        decoder.finish(out);
        assertThat(Arrays.copyOf(out.array(), out.position())).isEqualTo(ascii("a\nb"));
    }

    @Test
    void decodesCrNulSplitAcrossTwoBlocks() {
        NetasciiDecoder decoder = new NetasciiDecoder();
        ByteBuffer out = ByteBuffer.allocate(16);
        decoder.decode(ByteBuffer.wrap(ascii("a\r")), out);
        decoder.decode(ByteBuffer.wrap(ascii("\0b")), out);
        decoder.finish(out);
        assertThat(Arrays.copyOf(out.array(), out.position())).isEqualTo(ascii("a\rb"));
    }

    @Test
    void encoderHoldsTheSecondByteWhenTheOutputFillsBetweenThePair() {
        NetasciiEncoder encoder = new NetasciiEncoder();
        ByteBuffer in = ByteBuffer.wrap(ascii("a\n"));
        ByteBuffer first = ByteBuffer.allocate(2);
        encoder.encode(in, first);
        assertThat(first.array()).isEqualTo(ascii("a\r"));
        assertThat(encoder.pending()).isEqualTo(NetasciiEncoder.Pending.LF);
        ByteBuffer second = ByteBuffer.allocate(2);
        encoder.encode(in, second);
        assertThat(second.position()).isEqualTo(1);
        assertThat(second.get(0)).isEqualTo((byte) '\n');
        assertThat(encoder.hasPending()).isFalse();
    }

    @Test
    void decoderFinishNeedsRoomForAHeldCr() {
        NetasciiDecoder decoder = new NetasciiDecoder();
        decoder.decode(ByteBuffer.wrap(ascii("\r")), ByteBuffer.allocate(4));
        assertThat(decoder.finish(ByteBuffer.allocate(0))).isFalse();
        ByteBuffer out = ByteBuffer.allocate(1);
        assertThat(decoder.finish(out)).isTrue();
        assertThat(out.get(0)).isEqualTo((byte) '\r');
    }

    @Test
    void decoderNeedsAtMostOneByteMoreThanItsInput() {
        NetasciiDecoder decoder = new NetasciiDecoder();
        decoder.decode(ByteBuffer.wrap(ascii("\r")), ByteBuffer.allocate(4));
        ByteBuffer out = ByteBuffer.allocate(2);
        decoder.decode(ByteBuffer.wrap(ascii("x")), out);
        assertThat(out.array()).isEqualTo(ascii("\rx"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 9, 512})
    void encodesTheSameWhateverTheOutputBufferSize(int outSize) {
        byte[] text = trickyText(outSize, 3000);
        NetasciiEncoder encoder = new NetasciiEncoder();
        ByteBuffer in = ByteBuffer.wrap(text);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(outSize);
        while (in.hasRemaining() || encoder.hasPending()) {
            encoder.encode(in, out.clear());
            wire.write(out.array(), 0, out.position());
        }
        assertThat(wire.toByteArray()).isEqualTo(Netascii.encode(text));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 9, 512})
    void decodesTheSameWhateverTheInputSplit(int inSize) {
        byte[] text = trickyText(100 + inSize, 3000);
        byte[] wire = Netascii.encode(text);
        NetasciiDecoder decoder = new NetasciiDecoder();
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(inSize + 1);
        for (int from = 0; from < wire.length; from += inSize) {
            ByteBuffer in = ByteBuffer.wrap(wire, from, Math.min(inSize, wire.length - from));
            while (in.hasRemaining()) {
                decoder.decode(in, out.clear());
                local.write(out.array(), 0, out.position());
            }
        }
        decoder.finish(out.clear());
        local.write(out.array(), 0, out.position());
        assertThat(local.toByteArray()).isEqualTo(text);
    }

    @Test
    void roundTripsWithEverySplitPointOfTheWireStream() {
        byte[] text = ascii("\r\n\r\r\0\n\nx\r");
        byte[] wire = Netascii.encode(text);
        for (int split = 0; split <= wire.length; split++) {
            NetasciiDecoder decoder = new NetasciiDecoder();
            ByteBuffer out = ByteBuffer.allocate(wire.length + 1);
            decoder.decode(ByteBuffer.wrap(wire, 0, split), out);
            decoder.decode(ByteBuffer.wrap(wire, split, wire.length - split), out);
            decoder.finish(out);
            assertThat(Arrays.copyOf(out.array(), out.position())).as("split at %d", split)
                    .isEqualTo(text);
        }
    }

    @Test
    void roundTripsRandomText() {
        for (long seed = 0; seed < 50; seed++) {
            byte[] text = trickyText(seed, 1 + (int) seed * 37);
            assertThat(Netascii.decode(Netascii.encode(text))).isEqualTo(text);
        }
    }
}
