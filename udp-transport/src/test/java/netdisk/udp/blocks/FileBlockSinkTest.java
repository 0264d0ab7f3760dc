package netdisk.udp.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import netdisk.udp.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiving file: hidden part file, atomic replace on complete, nothing left on abort. */
class FileBlockSinkTest {

    @TempDir
    Path dir;

    @Test
    void targetStaysAbsentUntilComplete() throws IOException {
        Path target = dir.resolve("new.bin");
        try (FileBlockSink sink = FileBlockSink.create(target)) {
            sink.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(target).doesNotExist();
            assertThat(sink.partFile()).exists().hasParent(dir);
            assertThat(FileBlockSink.isPartFileName(sink.partFile().getFileName().toString()))
                    .isTrue();
            sink.complete();
            assertThat(target).hasBinaryContent(new byte[] {1, 2, 3});
            assertThat(sink.partFile()).doesNotExist();
        }
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void oldContentStaysUntilCompleteThenIsReplacedWhole() throws IOException {
        Path target = Files.writeString(dir.resolve("doc.txt"), "old content");
        FileBlockSink sink = FileBlockSink.create(target);
        sink.write(ByteBuffer.wrap("new".getBytes()));
        assertThat(target).hasContent("old content");
        sink.complete();
        assertThat(target).hasContent("new");
        assertThat(listing()).containsExactly(target);
    }

    @Test
    void abortLeavesTheOldFileIntactAndRemovesThePartFile() throws IOException {
        Path target = Files.writeString(dir.resolve("doc.txt"), "old content");
        FileBlockSink sink = FileBlockSink.create(target);
        sink.write(ByteBuffer.wrap(new byte[300_000]));
        sink.abort();
        assertThat(target).hasContent("old content");
        assertThat(listing()).containsExactly(target);
        sink.abort(); // twice is harmless
    }

    @Test
    void closeWithoutCompleteAborts() throws IOException {
        Path target = dir.resolve("x");
        try (FileBlockSink sink = FileBlockSink.create(target)) {
            sink.write(ByteBuffer.wrap(new byte[10]));
        }
        assertThat(listing()).isEmpty();
    }

    @Test
    void closeAfterCompleteKeepsTheFile() throws IOException {
        Path target = dir.resolve("x");
        try (FileBlockSink sink = FileBlockSink.create(target)) {
            sink.write(ByteBuffer.wrap(new byte[10]));
            sink.complete();
        }
        assertThat(target).exists();
    }

    @Test
    void completesAnEmptyFile() throws IOException {
        Path target = dir.resolve("empty");
        try (FileBlockSink sink = FileBlockSink.create(target)) {
            sink.complete();
        }
        assertThat(target).isEmptyFile();
    }

    @Test
    void manySmallBlocksMatchTheInputsSha256() throws IOException, NoSuchAlgorithmException {
        Random random = new Random(1);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        Path target = dir.resolve("big.bin");
        long total = 0;
        try (FileBlockSink sink = FileBlockSink.create(target)) {
            byte[] block = new byte[512];
            for (int k = 0; k < 6000; k++) {
                random.nextBytes(block);
                sent.update(block);
                sink.write(ByteBuffer.wrap(block));
                total += block.length;
            }
            byte[] last = new byte[123];
            random.nextBytes(last);
            sent.update(last);
            sink.write(ByteBuffer.wrap(last));
            total += last.length;
            assertThat(sink.bytesReceived()).isEqualTo(total);
            sink.complete();
        }
        byte[] received = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target));
        assertThat(received).isEqualTo(sent.digest());
        assertThat(Files.size(target)).isEqualTo(total);
    }

    @Test
    void blocksLargerThanTheBufferAreWrittenInOrder() throws IOException {
        Path target = dir.resolve("f");
        byte[] data = TestData.randomBytes(1000, 2);
        try (FileBlockSink sink = FileBlockSink.create(target, 64)) {
            sink.write(ByteBuffer.wrap(data, 0, 10));
            sink.write(ByteBuffer.wrap(data, 10, 500));
            sink.write(ByteBuffer.wrap(data, 510, 63));
            sink.write(ByteBuffer.wrap(data, 573, 427));
            sink.complete();
        }
        assertThat(target).hasBinaryContent(data);
    }

    @Test
    void consumesThePayload() throws IOException {
        try (FileBlockSink sink = FileBlockSink.create(dir.resolve("f"))) {
            ByteBuffer payload = ByteBuffer.wrap(new byte[20]);
            sink.write(payload);
            assertThat(payload.hasRemaining()).isFalse();
        }
    }

    @Test
    void refusesWritesAfterComplete() throws IOException {
        try (FileBlockSink sink = FileBlockSink.create(dir.resolve("f"))) {
            sink.complete();
            assertThatThrownBy(() -> sink.write(ByteBuffer.allocate(1)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(sink::complete).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void failsEarlyWhenTheFolderIsMissing() {
        assertThatThrownBy(() -> FileBlockSink.create(dir.resolve("no/such/f")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shortensLongNamesInThePartFile() throws IOException {
        String name = "é".repeat(120) + ".bin";
        Path target = dir.resolve(name);
        try (FileBlockSink sink = FileBlockSink.create(target)) {
            String part = sink.partFile().getFileName().toString();
            assertThat(part.length()).isLessThan(100);
            assertThat(FileBlockSink.isPartFileName(part)).isTrue();
            sink.complete();
        }
        assertThat(target).exists();
    }

    @Test
    void recognisesPartFileNames() {
        assertThat(FileBlockSink.isPartFileName(".a.txt.0123456789abcdef.part")).isTrue();
        assertThat(FileBlockSink.isPartFileName("a.txt.0123456789abcdef.part")).isFalse();
        assertThat(FileBlockSink.isPartFileName(".a.txt.part")).isFalse();
        assertThat(FileBlockSink.isPartFileName(".hidden")).isFalse();
    }

    @Test
    void continuesAPartFileFromAByteOffset() throws IOException {
        Path target = dir.resolve("movie.bin");
        Path part = Files.write(dir.resolve("movie.bin.partial"), new byte[] {1, 2, 3, 4, 9, 9});
        try (FileBlockSink sink = FileBlockSink.continuing(target, part, 4)) {
            sink.write(ByteBuffer.wrap(new byte[] {5, 6}));
            assertThat(sink.bytesReceived()).isEqualTo(2);
            sink.complete();
        }
        assertThat(target).hasBinaryContent(new byte[] {1, 2, 3, 4, 5, 6});
        assertThat(part).doesNotExist();
    }

    @Test
    void abortOfAContinuedTransferKeepsWhatArrived() throws IOException {
        Path target = Files.writeString(dir.resolve("movie.bin"), "old");
        Path part = Files.write(dir.resolve("movie.bin.partial"), new byte[] {1, 2});
        FileBlockSink sink = FileBlockSink.continuing(target, part, 2);
        sink.write(ByteBuffer.wrap(new byte[] {3, 4}));
        sink.abort();
        assertThat(part).hasBinaryContent(new byte[] {1, 2, 3, 4});
        assertThat(target).hasContent("old");
    }

    @Test
    void syncPutsBufferedBlocksInThePartFileWithoutCompleting() throws IOException {
        Path target = Files.writeString(dir.resolve("movie.bin"), "old");
        Path part = Files.write(dir.resolve("movie.bin.partial"), new byte[] {1, 2});
        try (FileBlockSink sink = FileBlockSink.continuing(target, part, 2)) {
            sink.write(ByteBuffer.wrap(new byte[] {3, 4}));
            sink.sync();
            assertThat(part).hasBinaryContent(new byte[] {1, 2, 3, 4});
            assertThat(target).hasContent("old");
            sink.write(ByteBuffer.wrap(new byte[] {5}));
            sink.complete();
        }
        assertThat(target).hasBinaryContent(new byte[] {1, 2, 3, 4, 5});
    }

    @Test
    void continuingFromZeroCreatesThePartFile() throws IOException {
        Path target = dir.resolve("t");
        Path part = dir.resolve("t.partial");
        try (FileBlockSink sink = FileBlockSink.continuing(target, part, 0)) {
            assertThat(part).exists();
            sink.write(ByteBuffer.wrap(new byte[] {7}));
            sink.complete();
        }
        assertThat(target).hasBinaryContent(new byte[] {7});
    }

    @Test
    void refusesToContinueBeyondThePartFilesLength() throws IOException {
        Path part = Files.write(dir.resolve("p"), new byte[3]);
        assertThatThrownBy(() -> FileBlockSink.continuing(dir.resolve("t"), part, 4))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> FileBlockSink.continuing(dir.resolve("t"), dir.resolve("q"), 4))
                .isInstanceOf(IOException.class);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
