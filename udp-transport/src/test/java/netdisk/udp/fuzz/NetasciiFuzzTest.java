package netdisk.udp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import netdisk.udp.blocks.NetasciiDecoder;
import netdisk.udp.blocks.NetasciiEncoder;

/**
 * The netascii translation on any bytes, fed through buffers of any size: decoding never yields
 * more than came in, the result does not depend on where blocks end, and decoding what the
 * encoder made gives back the original bytes (RFC 764's CR LF and CR NUL, spec/protocol.md 3).
 */
class NetasciiFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodesIntoNoMoreThanItsInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int chunk = 1 + (input[0] & 0x0f); // block boundaries from the input itself
        byte[] whole = decode(input, input.length + 1);
        assertThat(whole.length).isLessThanOrEqualTo(input.length);
        assertThat(decode(input, chunk)).as("in pieces of %d", chunk).isEqualTo(whole);
        assertThat(decode(encode(input, chunk), chunk)).as("encoded then decoded").isEqualTo(input);
    }

    private static byte[] decode(byte[] input, int piece) {
        NetasciiDecoder decoder = new NetasciiDecoder();
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(piece);
        for (int at = 0; at < input.length; at += piece) {
            ByteBuffer in = ByteBuffer.wrap(input, at, Math.min(piece, input.length - at));
            int turns = 0;
            while (in.hasRemaining()) {
                decoder.decode(in, out);
                drain(out, result);
                assertThat(++turns).as("decoding makes progress").isLessThan(4 * piece + 4);
            }
        }
        while (!decoder.finish(out)) {
            drain(out, result);
        }
        drain(out, result);
        return result.toByteArray();
    }

    private static byte[] encode(byte[] input, int piece) {
        NetasciiEncoder encoder = new NetasciiEncoder();
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.wrap(input);
        ByteBuffer out = ByteBuffer.allocate(piece);
        while (in.hasRemaining() || encoder.hasPending()) {
            encoder.encode(in, out);
            drain(out, result);
        }
        return result.toByteArray();
    }

    private static void drain(ByteBuffer out, ByteArrayOutputStream into) {
        out.flip();
        into.write(out.array(), 0, out.limit());
        out.clear();
    }
}
