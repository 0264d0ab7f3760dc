package netdisk.services.tftp;

import java.util.Optional;
import java.util.regex.Pattern;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.TftpOptions;

/**
 * What a read request's {@code netdisk-resume} asks for, and where the data therefore starts
 * (spec/protocol.md 5.1).
 *
 * <p>The client counts the blocks it holds in the block size it asked for; the server may grant
 * another (RFC 2348), so the start is the largest multiple of the GRANTED size within the bytes
 * held — never past what the client has, and never past the last whole block of the file, so the
 * final (short or empty) block is always sent and the transfer ends as RFC 1350 ends it.
 *
 * @param heldBytes the bytes the client says it holds: blocks × requested block size
 */
public record ResumePoint(long heldBytes) {

    /** Decimal, as every option value (spec/protocol.md 5): at most 19 digits, no sign. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,19}");

    public ResumePoint {
        if (heldBytes < 0) {
            throw new IllegalArgumentException("negative bytes held: " + heldBytes);
        }
    }

    /**
     * The resume point a request asks for, if it carries {@code netdisk-resume}.
     *
     * @throws InvalidResumeException when the value is not a block count, or the bytes it names
     *     do not fit a 64-bit count
     */
    public static Optional<ResumePoint> of(TftpOptions options) throws InvalidResumeException {
        Optional<String> value = options.get(ExtensionOptions.RESUME);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get();
        if (!DECIMAL.matcher(text).matches()) {
            throw new InvalidResumeException(ExtensionOptions.RESUME + " must be a count of blocks, got \"" + text + "\"");
        }
        long blocks;
        try {
            blocks = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidResumeException(ExtensionOptions.RESUME + " " + text + " is out of range");
        }
        try {
            return Optional.of(new ResumePoint(Math.multiplyExact(blocks, requestedBlockSize(options))));
        } catch (ArithmeticException e) {
            throw new InvalidResumeException(ExtensionOptions.RESUME + " " + text + " blocks is more bytes than any file has");
        }
    }

    /**
     * The block size the request asked for, 512 without one. A malformed or too small blksize
     * is refused by the negotiation anyway (ERROR 8); counting in 512 until then is harmless.
     */
    static long requestedBlockSize(TftpOptions options) {
        Optional<String> asked = options.get(KnownOption.BLKSIZE.wireName());
        if (asked.isEmpty()) {
            return KnownOption.DEFAULT_BLKSIZE;
        }
        try {
            return KnownOption.BLKSIZE.parse(asked.get());
        } catch (MalformedPacketException e) {
            return KnownOption.DEFAULT_BLKSIZE;
        }
    }

    /**
     * Where the data starts for a file of {@code fileSize} bytes sent in blocks of {@code
     * grantedBlockSize}: a multiple of the granted size, at most the bytes held, at most the
     * file's last whole block.
     */
    public long offset(int grantedBlockSize, long fileSize) {
        long held = heldBytes - heldBytes % grantedBlockSize;
        long lastWhole = fileSize - fileSize % grantedBlockSize;
        return Math.min(held, lastWhole);
    }

    /** A {@code netdisk-resume} that cannot be honoured: the request gets ERROR 8. */
    public static final class InvalidResumeException extends Exception {
        public InvalidResumeException(String message) {
            super(message);
        }
    }
}
