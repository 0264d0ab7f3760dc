package netdisk.udp.blocks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Text full of the bytes netascii cares about, for round-trip tests. */
final class TextSamples {

    private TextSamples() {}

    /** Random bytes drawn mostly from CR, LF, CR LF, NUL and letters, from a fixed seed. */
    static byte[] trickyText(long seed, int length) {
        Random random = new Random(seed);
        byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = switch (random.nextInt(8)) {
                case 0, 1 -> '\r';
                case 2, 3 -> '\n';
                case 4 -> 0;
                case 5 -> (byte) random.nextInt(256);
                default -> (byte) ('a' + random.nextInt(26));
            };
        }
        return text;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
