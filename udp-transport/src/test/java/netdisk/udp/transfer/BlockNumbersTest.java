package netdisk.udp.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** 64-bit block counts and the 16-bit numbers on the wire (spec/protocol.md section 7). */
class BlockNumbersTest {

    @Test
    void toWireWrapsToZeroPast65535() {
        assertThat(BlockNumbers.toWire(1)).isEqualTo(1);
        assertThat(BlockNumbers.toWire(65_535)).isEqualTo(65_535);
        assertThat(BlockNumbers.toWire(65_536)).isZero();
        assertThat(BlockNumbers.toWire(65_537)).isEqualTo(1);
        assertThat(BlockNumbers.toWire(3L * 65_536 + 7)).isEqualTo(7);
    }

    @Test
    void expandsToTheCountNearestTheReferenceAcrossTheWrap() {
        assertThat(BlockNumbers.expand(0, 65_535)).isEqualTo(65_536);
        assertThat(BlockNumbers.expand(1, 65_535)).isEqualTo(65_537);
        assertThat(BlockNumbers.expand(65_535, 65_536)).isEqualTo(65_535);
        assertThat(BlockNumbers.expand(65_530, 65_540)).isEqualTo(65_530);
        assertThat(BlockNumbers.expand(5, 3L * 65_536 + 65_530)).isEqualTo(4L * 65_536 + 5);
    }

    @Test
    void expandsWithinHalfTheNumberSpaceEitherSide() {
        long reference = 100_000;
        // (reference - 32768, reference + 32768]: the far end of a 32768-block window is ahead ...
        assertThat(BlockNumbers.expand(BlockNumbers.toWire(reference + 32_768), reference)).isEqualTo(reference + 32_768);
        assertThat(BlockNumbers.expand(BlockNumbers.toWire(reference - 32_767), reference)).isEqualTo(reference - 32_767);
        // ... so a number exactly half the space behind is read as ahead.
        assertThat(BlockNumbers.expand(BlockNumbers.toWire(reference - 32_768), reference)).isEqualTo(reference + 32_768);
    }

    @Test
    void anAckOf65535AtTheStartIsBehindTheStart() {
        // Base 0: wire 65535 is block -1, a duplicate for the sender, never block 65535.
        assertThat(BlockNumbers.expand(65_535, 0)).isEqualTo(-1);
    }

    @Test
    void roundTripsEveryCountNearTheReference() {
        for (long count = 65_000; count < 200_000; count += 7) {
            assertThat(BlockNumbers.expand(BlockNumbers.toWire(count), count + 1000)).isEqualTo(count);
        }
    }
}
