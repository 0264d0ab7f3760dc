package netdisk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A seed gives the same bytes in memory and in a file: tests mix the two and compare digests. */
class TestDataTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 3, 65_535, 65_536, 65_537, 200_003})
    void aFileHoldsTheBytesOfTheSameSeed(int size) throws Exception {
        Path file = TestData.randomFile(dir.resolve("sub/f.bin"), size, 42);

        assertThat(Files.readAllBytes(file)).isEqualTo(TestData.randomBytes(size, 42));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 70_001})
    void writeRandomReturnsTheDigestOfWhatItWrote(int size) throws Exception {
        String sha = TestData.writeRandom(dir.resolve("f.bin"), size, 7);

        assertThat(sha).isEqualTo(Digests.sha256(TestData.randomBytes(size, 7)))
                .isEqualTo(Digests.sha256(dir.resolve("f.bin")));
    }
}
