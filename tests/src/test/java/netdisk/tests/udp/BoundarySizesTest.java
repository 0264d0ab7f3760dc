package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files whose size sits on a block boundary, over real sockets: 0 bytes, one block and a window
 * of 16 blocks exactly, and one byte either side. A file of m whole blocks ends with an empty
 * DATA m+1 (spec section 8), so the receiver must count m+1 blocks and keep m x B bytes.
 */
@Timeout(30)
class BoundarySizesTest {

    private static final int WINDOW = 16;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} blksize {1}, windowed {2}")
    @CsvSource({
            "GET, 512, false", "GET, 512, true", "GET, 1428, false", "GET, 1428, true",
            "PUT, 512, false", "PUT, 512, true", "PUT, 1428, false", "PUT, 1428, true"})
    void sizesAroundBlockBoundariesArriveByteExact(String op, int blockSize, boolean windowed) throws Exception {
        TransferOptions options;
        if (windowed) {
            options = EndToEnd.WINDOWED.withBlockSize(blockSize).withWindowSize(WINDOW);
        } else {
            // Lockstep at 512 is plain RFC 1350; at 1428 it asks for blksize alone.
            options = blockSize == 512 ? EndToEnd.LOCKSTEP : EndToEnd.LOCKSTEP.withBlockSize(blockSize);
        }
        int[] sizes = {0, 1, blockSize - 1, blockSize, blockSize + 1,
                WINDOW * blockSize - 1, WINDOW * blockSize, WINDOW * blockSize + 1};
        try (TestServer server = TestServer.start(dir.resolve("root"), true)) {
            TftpClient client = new TftpClient();
            for (int size : sizes) {
                String name = "f" + size + ".bin";
                Path source;
                Path delivered;
                TransferResult result;
                if (op.equals("GET")) {
                    source = TestData.randomFile(server.file(name), size, size);
                    delivered = dir.resolve("got-" + name);
                    result = client.get(server.address(), name, delivered, options);
                } else {
                    source = TestData.randomFile(dir.resolve(name), size, size);
                    delivered = server.file(name);
                    result = client.put(server.address(), source, name, options);
                }
                assertThat(sha256(delivered)).as("size %d", size).isEqualTo(sha256(source));
                assertThat(result.bytes()).as("size %d", size).isEqualTo(size);
                assertThat(result.statistics().blocks()).as("blocks for size %d", size)
                        .isEqualTo(size / blockSize + 1);
                assertThat(result.parameters().blockSize()).isEqualTo(blockSize);
                assertThat(result.parameters().windowSize()).isEqualTo(windowed ? WINDOW : 1);
            }
        }
    }
}
