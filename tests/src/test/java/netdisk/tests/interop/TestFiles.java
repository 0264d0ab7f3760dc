package netdisk.tests.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.testkit.Digests;

/**
 * Files for interop tests that testkit's {@link netdisk.testkit.TestData} does not make: a size
 * past the block-number wrap, and netascii text.
 */
final class TestFiles {

    /** Past the 16-bit block-number wrap at blksize 512: 65535 * 512 is just under 32 MiB. */
    static final long PAST_THE_WRAP = 33L * 1024 * 1024 + 123;

    private TestFiles() {
    }

    /**
     * A text file with LF line ends and lines of every length from 0 to 199 bytes, so that CR LF
     * pairs on the wire fall across DATA block boundaries; one line has a bare CR, which netascii
     * sends as CR NUL. Returns its SHA-256.
     */
    static String text(Path file, int lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("line ").append(i).append(": ");
            text.append("abcdefghijklmnopqrstuvwxyz0123456789".repeat(6), 0, i % 200);
            if (i == lines / 2) {
                text.append("bare CR here\rand on");
            }
            text.append('\n');
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return Digests.sha256(file);
    }
}
