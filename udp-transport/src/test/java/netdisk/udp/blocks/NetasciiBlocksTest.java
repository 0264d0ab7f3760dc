package netdisk.udp.blocks;

import static netdisk.udp.blocks.TextSamples.ascii;
import static netdisk.udp.blocks.TextSamples.concat;
import static netdisk.udp.blocks.TextSamples.trickyText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NetasciiBlockSource and NetasciiBlockSink: translation cut into DATA blocks and re-read. */
class NetasciiBlocksTest {

    @TempDir
    Path dir;

    /**
     * Shifting the text by 0..b bytes puts every CR, LF and NUL at every offset within a block,
     * so every pair is split by a block boundary somewhere, on both the encoding and the
     * decoding side.
     */
    @ParameterizedTest
    @ValueSource(ints = {8, 9, 512})
    void roundTripsTrickyTextWithEveryBlockBoundary(int blockSize) throws IOException {
        byte[] body = trickyText(blockSize, 3 * blockSize + 40);
        for (int shift = 0; shift <= blockSize; shift++) {
            byte[] prefix = new byte[shift];
            Arrays.fill(prefix, (byte) 'x');
            byte[] text = concat(prefix, body);

            List<byte[]> blocks = allBlocks(new NetasciiBlockSource(
                    new ByteArrayBlockSource(text), 7), blockSize);
            assertThat(join(blocks)).as("shift %d", shift).isEqualTo(Netascii.encode(text));

            ByteArrayBlockSink local = new ByteArrayBlockSink();
            NetasciiBlockSink sink = new NetasciiBlockSink(local);
            for (byte[] block : blocks) {
                sink.write(ByteBuffer.wrap(block));
            }
            sink.complete();
            assertThat(local.bytes()).as("shift %d", shift).isEqualTo(text);
            assertThat(local.isCompleted()).isTrue();
            assertThat(sink.bytesReceived()).isEqualTo(Netascii.encode(text).length);
        }
    }

    @Test
    void producesTheKnownWireBytesInBlocks() throws IOException {
        List<byte[]> blocks = allBlocks(
                new NetasciiBlockSource(new ByteArrayBlockSource(ascii("abcdefg\nh\ri"))), 8);
        assertThat(blocks).containsExactly(ascii("abcdefg\r"), ascii("\nh\r\0i"));
    }

    @Test
    void endsWithAnEmptyBlockWhenTheWireLengthIsAMultipleOfTheBlockSize() throws IOException {
        List<byte[]> blocks = allBlocks(
                new NetasciiBlockSource(new ByteArrayBlockSource(ascii("abc\n"))), 5);
        assertThat(blocks).containsExactly(ascii("abc\r\n"), new byte[0]);
    }

    @Test
    void sizeIsUnknown() {
        assertThat(new NetasciiBlockSource(new ByteArrayBlockSource(new byte[10])).size())
                .isEqualTo(-1);
    }

    @Test
    void rereadsUnacknowledgedBlocksAfterEarlierOnesWerePruned() throws IOException {
        int b = 8;
        byte[] text = trickyText(42, 400);
        byte[] wire = Netascii.encode(text);
        NetasciiBlockSource source = new NetasciiBlockSource(new ByteArrayBlockSource(text), 5);
        for (long k = 1; k <= 20; k++) {
            read(source, k, b);
        }
        source.acknowledged(12);
        // A window gap: the receiver has 12, the sender goes back to 13..20 and on.
        for (long k = 13; k <= 25; k++) {
            assertThat(read(source, k, b)).as("block %d", k).isEqualTo(expected(wire, k, b));
        }
        // And a timeout sending the whole window again, out of order of production.
        assertThat(read(source, 17, b)).isEqualTo(expected(wire, 17, b));
        assertThat(read(source, 14, b)).isEqualTo(expected(wire, 14, b));
        assertThat(read(source, 26, b)).isEqualTo(expected(wire, 26, b));
    }

    @Test
    void refusesToRereadAnAcknowledgedBlock() throws IOException {
        NetasciiBlockSource source =
                new NetasciiBlockSource(new ByteArrayBlockSource(trickyText(1, 100)));
        read(source, 1, 8);
        read(source, 2, 8);
        read(source, 3, 8);
        source.acknowledged(2);
        assertThatThrownBy(() -> read(source, 2, 8)).isInstanceOf(IllegalStateException.class);
        assertThat(read(source, 3, 8)).isEqualTo(expected(Netascii.encode(trickyText(1, 100)), 3, 8));
    }

    @Test
    void keepsCheckpointsOnlyForUnacknowledgedBlocks() throws IOException {
        byte[] text = trickyText(7, 20_000);
        NetasciiBlockSource source = new NetasciiBlockSource(new ByteArrayBlockSource(text));
        int b = 512;
        long k = 0;
        int n;
        do {
            k++;
            n = read(source, k, b).length;
            source.acknowledged(k - 4 < 0 ? 0 : k - 4);
            assertThat(source.checkpointCount()).isLessThanOrEqualTo(6);
        } while (n == b);
    }

    @Test
    void rereadsTheFinalBlock() throws IOException {
        byte[] text = trickyText(3, 100);
        byte[] wire = Netascii.encode(text);
        NetasciiBlockSource source = new NetasciiBlockSource(new ByteArrayBlockSource(text));
        List<byte[]> blocks = allBlocks(source, 16);
        long last = blocks.size();
        source.acknowledged(last - 1);
        assertThat(read(source, last, 16)).isEqualTo(expected(wire, last, 16));
        assertThat(read(source, last, 16)).isEqualTo(expected(wire, last, 16));
    }

    @Test
    void skipsAheadWhenASenderAsksForALaterBlockFirst() throws IOException {
        byte[] text = trickyText(5, 300);
        byte[] wire = Netascii.encode(text);
        NetasciiBlockSource source = new NetasciiBlockSource(new ByteArrayBlockSource(text));
        assertThat(read(source, 6, 9)).isEqualTo(expected(wire, 6, 9));
        assertThat(read(source, 2, 9)).isEqualTo(expected(wire, 2, 9));
    }

    @Test
    void refusesAChangeOfBlockSize() throws IOException {
        NetasciiBlockSource source = new NetasciiBlockSource(new ByteArrayBlockSource(new byte[100]));
        read(source, 1, 8);
        assertThatThrownBy(() -> read(source, 2, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesAFileRereadThroughTheFileReadAhead() throws IOException {
        byte[] text = trickyText(11, 700_000);
        Path file = Files.write(dir.resolve("text.txt"), text);
        byte[] wire = Netascii.encode(text);
        int b = 1428;
        try (BlockSource source = new NetasciiBlockSource(FileBlockSource.open(file))) {
            List<byte[]> blocks = new ArrayList<>();
            for (long k = 1; ; k++) {
                byte[] block = read(source, k, b);
                blocks.add(block);
                if (k % 64 == 0) {
                    // A window of 64, then a timeout resends from the oldest unacknowledged.
                    source.acknowledged(k - 64);
                    assertThat(read(source, k - 63, b)).isEqualTo(blocks.get((int) k - 64));
                    for (long j = k - 62; j <= k; j++) {
                        read(source, j, b);
                    }
                }
                if (block.length < b) {
                    break;
                }
            }
            assertThat(join(blocks)).isEqualTo(wire);
        }
    }

    @Test
    void sinkDecodesIntoAFileAndCountsWireBytes() throws IOException {
        Path target = dir.resolve("notes.txt");
        BlockSink sink = new NetasciiBlockSink(FileBlockSink.create(target));
        sink.write(ByteBuffer.wrap(ascii("one\r")));
        sink.write(ByteBuffer.wrap(ascii("\ntwo\r")));
        sink.write(ByteBuffer.wrap(ascii("\0three\r")));
        assertThat(target).doesNotExist();
        sink.complete();
        assertThat(Files.readAllBytes(target)).isEqualTo(ascii("one\ntwo\rthree\r"));
        assertThat(sink.bytesReceived()).isEqualTo(16);
    }

    @Test
    void sinkAbortLeavesTheOldFileIntact() throws IOException {
        Path target = Files.writeString(dir.resolve("notes.txt"), "old");
        BlockSink sink = new NetasciiBlockSink(FileBlockSink.create(target));
        sink.write(ByteBuffer.wrap(ascii("new\r\n")));
        sink.abort();
        assertThat(target).hasContent("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
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

    private static byte[] expected(byte[] wire, long block, int blockSize) {
        int from = (int) ((block - 1) * blockSize);
        return Arrays.copyOfRange(wire, from, Math.min(wire.length, from + blockSize));
    }

    private static byte[] join(List<byte[]> blocks) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        blocks.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
