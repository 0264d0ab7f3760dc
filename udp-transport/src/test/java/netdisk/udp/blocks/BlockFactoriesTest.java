package netdisk.udp.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.udp.packet.TransferMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BlockSources and BlockSinks pick the translation by mode and refuse mail. */
class BlockFactoriesTest {

    @TempDir
    Path dir;

    @Test
    void octetSourceKnowsItsSizeAndHonoursTheStartOffset() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "0123456789");
        try (BlockSource source = BlockSources.forFile(file, TransferMode.OCTET, 4)) {
            assertThat(source).isInstanceOf(FileBlockSource.class);
            assertThat(source.size()).isEqualTo(6);
            ByteBuffer block = ByteBuffer.allocate(8);
            assertThat(source.read(1, block)).isEqualTo(6);
            assertThat(new String(block.array(), 0, 6)).isEqualTo("456789");
        }
    }

    @Test
    void netasciiSourceTranslates() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "a\nb");
        try (BlockSource source = BlockSources.forFile(file, TransferMode.NETASCII)) {
            assertThat(source.size()).isEqualTo(-1);
            ByteBuffer block = ByteBuffer.allocate(512);
            assertThat(source.read(1, block)).isEqualTo(4);
            assertThat(new String(block.array(), 0, 4)).isEqualTo("a\r\nb");
        }
    }

    @Test
    void netasciiCannotStartAtAnOffset() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "abc");
        assertThatThrownBy(() -> BlockSources.forFile(file, TransferMode.NETASCII, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mailIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "abc");
        assertThatThrownBy(() -> BlockSources.forFile(file, TransferMode.MAIL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockSinks.forFile(dir.resolve("g"), TransferMode.MAIL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sinksWriteOctetAsIsAndNetasciiDecoded() throws IOException {
        Path octet = dir.resolve("o");
        Path text = dir.resolve("t");
        try (BlockSink o = BlockSinks.forFile(octet, TransferMode.OCTET);
                BlockSink t = BlockSinks.forFile(text, TransferMode.NETASCII)) {
            o.write(ByteBuffer.wrap("a\r\nb".getBytes()));
            t.write(ByteBuffer.wrap("a\r\nb".getBytes()));
            o.complete();
            t.complete();
            assertThat(o.bytesReceived()).isEqualTo(4);
            assertThat(t.bytesReceived()).isEqualTo(4);
        }
        assertThat(octet).hasContent("a\r\nb");
        assertThat(text).hasContent("a\nb");
    }
}
