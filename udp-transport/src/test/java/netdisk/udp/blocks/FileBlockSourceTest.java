package netdisk.udp.blocks;

import static netdisk.udp.TestData.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Octet blocks of a file: boundaries, retransmissions, read-ahead refills, start offsets. */
class FileBlockSourceTest {

    @TempDir
    Path dir;

    /** Files of 0, 1, b-1, b, b+1, N*b and N*b±1 bytes for each block size. */
    static Stream<Arguments> sizes() {
        return IntStream.of(8, 512, 1428).boxed().flatMap(b -> IntStream.of(
                0, 1, b - 1, b, b + 1, 5 * b, 5 * b - 1, 5 * b + 1, 400 * b, 400 * b + 1)
                .mapToObj(size -> Arguments.of(b, size)));
    }

    @ParameterizedTest(name = "blksize {0}, {1} bytes")
    @MethodSource("sizes")
    void cutsFilesIntoBlocksEndingWithAShortOne(int blockSize, int size) throws IOException {
        byte[] data = randomBytes(size, size);
        Path file = Files.write(dir.resolve("f"), data);
        try (FileBlockSource source = FileBlockSource.open(file)) {
            assertThat(source.size()).isEqualTo(size);
            List<byte[]> blocks = allBlocks(source, blockSize);
            assertThat(blocks).hasSize(size / blockSize + 1);
            assertThat(blocks.get(blocks.size() - 1)).hasSize(size % blockSize);
            for (int i = 0; i < blocks.size(); i++) {
                assertThat(blocks.get(i)).isEqualTo(slice(data, i * blockSize, blockSize));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 512, 1428})
    void rereadsEarlierBlocksAfterLaterOnes(int blockSize) throws IOException {
        byte[] data = randomBytes(300 * blockSize + 17, blockSize);
        Path file = Files.write(dir.resolve("f"), data);
        // A read-ahead of 3.5 blocks forces refills both ways.
        try (FileBlockSource source = new FileBlockSource(
                FileChannel.open(file, StandardOpenOption.READ), 0, blockSize * 7 / 2)) {
            for (int k = 1; k <= 301; k++) {
                read(source, k, blockSize);
            }
            for (long k : new long[] {1, 2, 150, 149, 3, 301, 300, 1, 200}) {
                assertThat(read(source, k, blockSize)).as("block %d", k)
                        .isEqualTo(slice(data, (int) (k - 1) * blockSize, blockSize));
            }
        }
    }

    @Test
    void rereadsWithinTheDefaultReadAheadWithoutChangingTheAnswer() throws IOException {
        byte[] data = randomBytes(3 * FileBlockSource.DEFAULT_READ_AHEAD + 100, 9);
        Path file = Files.write(dir.resolve("f"), data);
        try (FileBlockSource source = FileBlockSource.open(file)) {
            List<byte[]> first = allBlocks(source, 512);
            for (int k = first.size(); k >= 1; k -= 37) {
                assertThat(read(source, k, 512)).isEqualTo(first.get(k - 1));
            }
        }
    }

    @Test
    void readsAheadInsteadOfOneReadPerSmallBlock() throws IOException {
        int size = 4 * FileBlockSource.DEFAULT_READ_AHEAD + 300;
        Path file = Files.write(dir.resolve("f"), randomBytes(size, 10));
        CountingFileChannel channel =
                new CountingFileChannel(FileChannel.open(file, StandardOpenOption.READ));
        try (FileBlockSource source =
                new FileBlockSource(channel, 0, FileBlockSource.DEFAULT_READ_AHEAD)) {
            List<byte[]> blocks = allBlocks(source, 512);
            assertThat(blocks).hasSize(size / 512 + 1);
            // 2049 blocks of 512 bytes from five fills of 256 KiB (a fill may take two reads).
            assertThat(channel.reads).isBetween(5, 10);
        }
    }

    @Test
    void servesBlocksLargerThanTheReadAhead() throws IOException {
        byte[] data = randomBytes(10_000, 4);
        Path file = Files.write(dir.resolve("f"), data);
        try (FileBlockSource source = new FileBlockSource(
                FileChannel.open(file, StandardOpenOption.READ), 0, 100)) {
            List<byte[]> blocks = allBlocks(source, 4096);
            assertThat(blocks).hasSize(3);
            assertThat(blocks.get(2)).isEqualTo(slice(data, 8192, 4096));
            assertThat(read(source, 1, 4096)).isEqualTo(slice(data, 0, 4096));
        }
    }

    @Test
    void startsBlockOneAtTheStartOffset() throws IOException {
        byte[] data = randomBytes(5000, 5);
        Path file = Files.write(dir.resolve("f"), data);
        try (FileBlockSource source = FileBlockSource.open(file, 1024)) {
            assertThat(source.size()).isEqualTo(5000 - 1024);
            assertThat(read(source, 1, 512)).isEqualTo(slice(data, 1024, 512));
            assertThat(read(source, 8, 512)).isEqualTo(slice(data, 1024 + 7 * 512, 512));
            assertThat(read(source, 8, 512)).hasSize(5000 - 1024 - 7 * 512);
        }
    }

    @Test
    void startOffsetAtTheEndGivesOneEmptyBlock() throws IOException {
        Path file = Files.write(dir.resolve("f"), randomBytes(1024, 6));
        try (FileBlockSource source = FileBlockSource.open(file, 1024)) {
            assertThat(source.size()).isZero();
            assertThat(read(source, 1, 512)).isEmpty();
        }
    }

    @Test
    void refusesAStartOffsetPastTheEnd() throws IOException {
        Path file = Files.write(dir.resolve("f"), randomBytes(100, 6));
        assertThatThrownBy(() -> FileBlockSource.open(file, 101))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileBlockSource.open(file, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesABlockAfterTheLastOne() throws IOException {
        Path file = Files.write(dir.resolve("f"), randomBytes(100, 6));
        try (FileBlockSource source = FileBlockSource.open(file)) {
            assertThat(read(source, 13, 8)).hasSize(4);
            assertThatThrownBy(() -> source.read(14, ByteBuffer.allocate(8)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> source.read(0, ByteBuffer.allocate(8)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void failsWhenTheFileShrinksDuringTheTransfer() throws IOException {
        Path file = Files.write(dir.resolve("f"), randomBytes(10_000, 7));
        try (FileBlockSource source = new FileBlockSource(
                FileChannel.open(file, StandardOpenOption.READ), 0, 1024)) {
            read(source, 1, 512);
            try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
                writer.truncate(3000);
            }
            assertThatThrownBy(() -> source.read(10, ByteBuffer.allocate(512)))
                    .isInstanceOf(IOException.class).hasMessageContaining("shrank");
        }
    }

    @Test
    void sendsTheLengthItHadWhenOpenedEvenIfTheFileGrows() throws IOException {
        byte[] data = randomBytes(1000, 8);
        Path file = Files.write(dir.resolve("f"), data);
        try (FileBlockSource source = FileBlockSource.open(file)) {
            Files.write(file, new byte[500], StandardOpenOption.APPEND);
            assertThat(source.size()).isEqualTo(1000);
            assertThat(allBlocks(source, 512).get(1)).isEqualTo(slice(data, 512, 512));
        }
    }

    private static byte[] slice(byte[] data, int from, int length) {
        return Arrays.copyOfRange(data, from, Math.min(data.length, from + length));
    }

    private static byte[] read(BlockSource source, long block, int blockSize) {
        ByteBuffer dst = ByteBuffer.allocate(blockSize);
        try {
            int n = source.read(block, dst);
            assertThat(dst.position()).isEqualTo(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(dst.array(), dst.position());
    }

    private static List<byte[]> allBlocks(BlockSource source, int blockSize) {
        List<byte[]> blocks = new ArrayList<>();
        for (long k = 1; ; k++) {
            byte[] block = read(source, k, blockSize);
            blocks.add(block);
            if (block.length < blockSize) {
                return blocks;
            }
        }
    }
}
