package netdisk.udp.retransmit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KarnSamplesTest {

    private final List<Long> rtts = new ArrayList<>();

    @Test
    void aPacketSentOnceIsTimedByItsAnswerOnce() {
        KarnSamples one = KarnSamples.single(rtts::add);
        one.sent(1_000, true);
        one.answered(1_700);
        one.answered(1_900); // a duplicate answer: not a second round trip
        assertThat(rtts).containsExactly(700L);
    }

    @Test
    void aPacketResentOnATimeoutIsNotTimedWhicheverCopyTheAnswerIsFor() {
        KarnSamples one = KarnSamples.single(rtts::add);
        one.sent(1_000, true);
        one.resent(); // the timer fired: same packet again, send time unchanged
        one.answered(5_000);
        one.sent(6_000, false);
        one.answered(6_100);
        assertThat(rtts).isEmpty();
        assertThat(one.sentAt()).isEqualTo(6_000);
    }

    @Test
    void aFreshSendAfterAnAmbiguousOneIsTimedAgain() {
        KarnSamples one = KarnSamples.single(rtts::add);
        one.sent(0, false);
        one.answered(50);
        one.sent(100, true);
        one.answered(130);
        assertThat(rtts).containsExactly(30L);
    }

    @Test
    void blocksOfAWindowAreTimedInTheirOwnSlots() {
        KarnSamples window = new KarnSamples(4, rtts::add);
        for (long block = 1; block <= 4; block++) {
            window.sent(block, 10 * block, block != 3); // block 3 resent blindly
        }
        window.answered(2, 100); // 100 - 20
        window.answered(3, 110); // ambiguous
        window.answered(4, 120); // 120 - 40
        window.sent(5, 200, true); // block 5 takes block 1's slot
        window.answered(5, 260);
        assertThat(rtts).containsExactly(80L, 80L, 60L);
        assertThat(window.sentAt(1)).isEqualTo(200);
    }

    @Test
    void needsASlot() {
        assertThatThrownBy(() -> new KarnSamples(0, rtts::add)).isInstanceOf(IllegalArgumentException.class);
    }
}
