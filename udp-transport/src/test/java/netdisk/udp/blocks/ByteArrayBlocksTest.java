package netdisk.udp.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The in-memory stand-ins follow the same rules as the file ones and record what happened. */
class ByteArrayBlocksTest {

    @Test
    void sourceCutsBlocksAndRecordsReadsAndAcknowledgements() {
        ByteArrayBlockSource source = new ByteArrayBlockSource(new byte[20]);
        assertThat(source.read(1, ByteBuffer.allocate(8))).isEqualTo(8);
        assertThat(source.read(3, ByteBuffer.allocate(8))).isEqualTo(4);
        assertThat(source.read(1, ByteBuffer.allocate(8))).isEqualTo(8);
        source.acknowledged(2);
        source.acknowledged(1);
        assertThat(source.reads()).containsExactly(1L, 3L, 1L);
        assertThat(source.acknowledgedThrough()).isEqualTo(2);
        assertThat(source.size()).isEqualTo(20);
        assertThatThrownBy(() -> source.read(4, ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sourceOfAnExactMultipleEndsWithAnEmptyBlock() {
        ByteArrayBlockSource source = new ByteArrayBlockSource(new byte[16]);
        assertThat(source.read(3, ByteBuffer.allocate(8))).isZero();
    }

    @Test
    void sinkCollectsAndRecordsTheOutcome() throws IOException {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        sink.write(ByteBuffer.wrap(new byte[] {1, 2}));
        sink.write(ByteBuffer.wrap(new byte[] {3}));
        sink.complete();
        sink.close();
        assertThat(sink.bytes()).containsExactly(1, 2, 3);
        assertThat(sink.isCompleted()).isTrue();
        assertThat(sink.isAborted()).isFalse();
        assertThat(sink.bytesReceived()).isEqualTo(3);
    }

    @Test
    void sinkWithACapacityFailsLikeAFullDisk() throws IOException {
        ByteArrayBlockSink sink = new ByteArrayBlockSink(3);
        sink.write(ByteBuffer.wrap(new byte[3]));
        assertThatThrownBy(() -> sink.write(ByteBuffer.wrap(new byte[1])))
                .isInstanceOf(IOException.class);
        sink.abort();
        assertThat(sink.isAborted()).isTrue();
    }
}
