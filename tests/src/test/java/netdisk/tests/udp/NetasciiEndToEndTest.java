package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.udp.blocks.Netascii;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.packet.TransferMode;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Netascii (RFC 1350 §1, spec section 3) over real sockets: local LF, bare CR and CR LF travel as
 * CR LF, CR NUL and CR NUL CR LF, and the translation is undone on arrival even when a block
 * boundary falls between the two wire bytes of one local byte. The file arrives identical.
 */
@Timeout(30)
class NetasciiEndToEndTest {

    @TempDir
    Path dir;

    private static final String[] LINE_ENDS = {"\n", "\r", "\r\n", "\r\r", "\n\n", "\n\r", "\r\n\r\n"};

    /**
     * Local text in which each kind of line end starts at every position around a block boundary
     * of the wire stream: its first wire byte last in a block, first in the next, or just before.
     * With {@code exactBlocks} the wire length is a whole number of blocks (the transfer then ends
     * with an empty DATA); otherwise it ends in a bare CR.
     */
    static byte[] text(int blockSize, boolean exactBlocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long wire = 0;
        int boundary = 0;
        int letter = 0;
        for (String end : LINE_ENDS) {
            for (int shift = -2; shift <= 1; shift++) {
                boundary += blockSize;
                while (wire < boundary + shift) {
                    out.write('a' + letter++ % 26);
                    wire++;
                }
                byte[] bytes = end.getBytes(StandardCharsets.US_ASCII);
                out.writeBytes(bytes);
                wire += 2L * bytes.length; // every CR and LF takes two wire bytes
            }
        }
        if (exactBlocks) {
            while (wire % blockSize != 0) {
                out.write('z');
                wire++;
            }
        } else {
            out.write('\r');
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} blksize {1}, windowed {2}, exact blocks {3}")
    @CsvSource({
            "GET, 512, false, false", "GET, 512, false, true", "GET, 1428, true, false", "GET, 1428, true, true",
            "PUT, 512, false, false", "PUT, 512, false, true", "PUT, 1428, true, false", "PUT, 1428, true, true"})
    void textArrivesIdentical(String op, int blockSize, boolean windowed, boolean exactBlocks) throws Exception {
        byte[] local = text(blockSize, exactBlocks);
        byte[] wire = Netascii.encode(local);
        assertFixtureSplitsLineEndsAtBoundaries(wire, blockSize);
        assertThat(wire.length % blockSize == 0).isEqualTo(exactBlocks);

        TransferOptions options = (windowed ? EndToEnd.WINDOWED.withBlockSize(blockSize) : EndToEnd.LOCKSTEP)
                .withMode(TransferMode.NETASCII);
        try (TestServer server = TestServer.start(dir.resolve("root"), true)) {
            TftpClient client = new TftpClient();
            Path source;
            Path delivered;
            TransferResult result;
            if (op.equals("GET")) {
                source = Files.write(server.file("text.txt"), local);
                delivered = dir.resolve("got.txt");
                result = client.get(server.address(), "text.txt", delivered, options);
                // Spec 5: tsize is left out of the OACK of a netascii read (the wire length is not the size).
                assertThat(result.acknowledged().contains("tsize")).isFalse();
            } else {
                source = Files.write(dir.resolve("local.txt"), local);
                delivered = server.file("put.txt");
                result = client.put(server.address(), source, "put.txt", options);
            }
            assertThat(sha256(delivered)).isEqualTo(sha256(source));
            assertThat(result.bytes()).as("bytes on the wire").isEqualTo(wire.length);
            assertThat(result.parameters().blockSize()).isEqualTo(blockSize);
        }
    }

    /** The fixture is only worth something if CR LF and CR NUL really straddle boundaries. */
    private static void assertFixtureSplitsLineEndsAtBoundaries(byte[] wire, int blockSize) {
        boolean crLfSplit = false;
        boolean crNulSplit = false;
        for (int b = blockSize; b < wire.length; b += blockSize) {
            if (wire[b - 1] == '\r') {
                crLfSplit |= wire[b] == '\n';
                crNulSplit |= wire[b] == 0;
            }
        }
        assertThat(crLfSplit).as("a CR LF split by a block boundary").isTrue();
        assertThat(crNulSplit).as("a CR NUL split by a block boundary").isTrue();
    }
}
