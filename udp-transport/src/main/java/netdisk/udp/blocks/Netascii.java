package netdisk.udp.blocks;

import java.nio.ByteBuffer;

/**
 * The netascii rules of RFC 1350 §1, which defers to the Telnet NVT of RFC 764: line ends
 * travel as CR LF, and a CR that does not start a line end travels as CR NUL.
 *
 * <p>Local text here uses LF line ends. So encoding (local to wire) turns LF into CR LF and CR
 * into CR NUL; decoding (wire to local) turns CR LF into LF and CR NUL into CR. Any byte string
 * survives encode-then-decode unchanged. A CR followed by anything else on the wire breaks the
 * rule; the decoder keeps it as is (lenient, as most TFTP peers are) rather than fail a transfer.
 *
 * <p>The translators ({@link NetasciiEncoder}, {@link NetasciiDecoder}) are streaming and keep
 * their state across buffers, because a block boundary may fall between a CR and its LF or NUL.
 * This class holds the shared constants and whole-array helpers for tests and small inputs.
 */
public final class Netascii {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte NUL = 0;

    private Netascii() {}

    /** Local bytes to wire bytes, in one go. */
    public static byte[] encode(byte[] local) {
        // Worst case every byte is a CR or LF and doubles.
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(local.length, 2));
        NetasciiEncoder encoder = new NetasciiEncoder();
        encoder.encode(ByteBuffer.wrap(local), out);
        if (encoder.hasPending()) {
            throw new AssertionError("output sized for the worst case cannot be full");
        }
        return copyOut(out);
    }

    /** Wire bytes to local bytes, in one go (a trailing bare CR is kept). */
    public static byte[] decode(byte[] wire) {
        // Decoding never grows the data: every output byte consumes at least one input byte.
        ByteBuffer out = ByteBuffer.allocate(wire.length);
        NetasciiDecoder decoder = new NetasciiDecoder();
        decoder.decode(ByteBuffer.wrap(wire), out);
        decoder.finish(out);
        return copyOut(out);
    }

    private static byte[] copyOut(ByteBuffer out) {
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
