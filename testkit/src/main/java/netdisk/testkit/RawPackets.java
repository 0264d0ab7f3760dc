package netdisk.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * TFTP packets built by hand, with no check at all, so that a test can send what the codec
 * refuses to build: an OACK granting blksize 7, a request in mode "mail" or with option values
 * out of range. Names and values are NUL-terminated as RFC 1350 and 2347 lay them out.
 */
public final class RawPackets {

    private static final int RRQ = 1;
    private static final int WRQ = 2;
    private static final int OACK = 6;

    private RawPackets() {}

    /** An RRQ: mode and option values go out as given. */
    public static byte[] rrq(String filename, String mode, String... optionsAndValues) {
        return request(RRQ, filename, mode, optionsAndValues);
    }

    /** A WRQ: mode and option values go out as given. */
    public static byte[] wrq(String filename, String mode, String... optionsAndValues) {
        return request(WRQ, filename, mode, optionsAndValues);
    }

    /** An OACK of {@code name, value, name, value ...}: values the codec would refuse included. */
    public static byte[] oack(String... namesAndValues) {
        ByteArrayOutputStream out = opcode(OACK);
        terminated(out, namesAndValues);
        return out.toByteArray();
    }

    private static byte[] request(int opcode, String filename, String mode, String... optionsAndValues) {
        ByteArrayOutputStream out = opcode(opcode);
        out.writeBytes(filename.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        terminated(out, mode);
        terminated(out, optionsAndValues);
        return out.toByteArray();
    }

    private static ByteArrayOutputStream opcode(int opcode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(opcode);
        return out;
    }

    private static void terminated(ByteArrayOutputStream out, String... strings) {
        for (String s : strings) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
    }
}
