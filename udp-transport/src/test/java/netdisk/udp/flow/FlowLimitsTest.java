package netdisk.udp.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netdisk.udp.packet.FlowAck;
import org.junit.jupiter.api.Test;

/** What a caller gets just past each of flow mode's limits. */
class FlowLimitsTest {

    @Test
    void theGiveUpTimeMustBePositive() {
        assertThatThrownBy(() -> FlowSettings.DEFAULT.withGiveUp(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("giveUp must be positive");
        assertThat(FlowSettings.DEFAULT.withGiveUp(Duration.ofMillis(1)).giveUp()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void theReceiveBufferIsAtLeast64KiBAndTheWindowAtMostOneSpan() {
        assertThatThrownBy(() -> new FlowSettings(Duration.ofSeconds(1), 64 * 1024 - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 64 KiB");
        FlowSettings smallest = new FlowSettings(Duration.ofSeconds(1), 64 * 1024);
        assertThat(smallest.windowBlocks(1428)).as("never below 64 blocks").isEqualTo(64);
        assertThat(FlowSettings.DEFAULT.windowBlocks(1428)).isEqualTo((16 << 20) / 1428);
        assertThat(FlowSettings.DEFAULT.windowBlocks(8)).as("capped at the sender's span").isEqualTo(BlockBitmap.SPAN);
    }

    @Test
    void aFlowAckHoldsAtMost128Ranges() {
        List<FlowAck.Range> ranges = new ArrayList<>();
        for (int i = 0; i < FlowAck.MAX_RANGES + 1; i++) {
            long top = 10_000 - 3L * i;
            ranges.add(new FlowAck.Range(top, top));
        }
        assertThat(new FlowAck(1, 0, 0, 64, ranges.subList(0, FlowAck.MAX_RANGES)).ranges()).hasSize(128);
        assertThatThrownBy(() -> new FlowAck(1, 0, 0, 64, ranges))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 128 ranges");
    }

    @Test
    void theSendersBitmapAnswersOnlyInsideItsSpan() {
        BlockBitmap bitmap = new BlockBitmap();
        bitmap.set(1, BlockBitmap.SPAN + 10);
        assertThat(bitmap.get(BlockBitmap.SPAN)).isTrue();
        assertThat(bitmap.get(BlockBitmap.SPAN + 1)).as("past the span: clipped, not wrapped onto block 1").isFalse();
        bitmap.advanceTo(100);
        assertThat(bitmap.get(50)).as("below the base counts as held").isTrue();
        bitmap.clear(101);
        assertThat(bitmap.get(101)).isFalse();
        assertThat(bitmap.get(102)).isTrue();
    }

    @Test
    void heldBlocksMergeIntoRangesAndHandOverTheRunAfterTheCumulativePoint() {
        HeldBlocks held = new HeldBlocks();
        for (long b : new long[] {5, 7, 6, 3, 10}) {
            assertThat(held.add(b)).isTrue();
        }
        assertThat(held.add(6)).as("already held").isFalse();
        assertThat(held.highestRanges(2)).containsExactly(new FlowAck.Range(10, 10), new FlowAck.Range(5, 7));
        assertThat(held.takeRunFrom(2)).as("block 2 is missing").isEqualTo(-1);
        assertThat(held.takeRunFrom(3)).isEqualTo(3);
        assertThat(held.count()).isEqualTo(4);
    }
}
