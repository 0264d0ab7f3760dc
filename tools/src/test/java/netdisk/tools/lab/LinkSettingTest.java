package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkSettingTest {

    @Test
    void randomLossAloneNeedsNeitherRouterNorEmulator() {
        LinkSetting s = LinkSetting.of(TwoWay.both(PathImpairment.NONE.withLoss(5)));
        assertThat(s.needsMiddle()).isFalse();
        assertThat(s.needsEmulator()).isFalse();
        assertThat(s.label()).isEqualTo("loss 5 %");
        assertThat(s.symmetricLossPercent()).isEqualTo(5);
    }

    @Test
    void aRateNeedsTheRouterButNotTheEmulator() {
        LinkSetting s = LinkSetting.of(TwoWay.both(PathImpairment.NONE.withRate(100_000_000)));
        assertThat(s.needsMiddle()).isTrue();
        assertThat(s.needsEmulator()).isFalse();
        assertThat(s.label()).isEqualTo("loss 0 %, 100 Mbit/s");
    }

    @Test
    void delayJitterReorderAndBurstsGoThroughTheEmulatorWithItsSpec() {
        PathImpairment p = PathImpairment.NONE.withDelay(5).withJitter(0.5).withReorder(1)
                .withBurst(new BurstLoss(5, 4));
        assertThat(p.needsEmulator()).isTrue();
        assertThat(p.emulatorSpec()).isEqualTo("delay=5,jitter=0.5,reorder=1,burst=5:4");
        LinkSetting s = LinkSetting.of(TwoWay.both(p));
        assertThat(s.rttMillis()).isEqualTo(10);
        assertThat(s.label()).isEqualTo("loss 0 %, burst 5 %/4, rtt 10 ms, jitter 0.5 ms, reorder 1 %");
    }

    @Test
    void directionsThatDifferAreNamedOneByOne() {
        LinkSetting s = new LinkSetting(PathImpairment.NONE.withLoss(5), PathImpairment.NONE.withFirewallDrop(2));
        assertThat(s.label()).isEqualTo("down: loss 5 %; up: local firewall drops 2 %");
        assertThat(s.symmetricLossPercent()).isEqualTo(-1);
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> PathImpairment.NONE.withLoss(101)).hasMessageContaining("loss must be 0..100 %");
        assertThatThrownBy(() -> PathImpairment.NONE.withDelay(-1)).hasMessageContaining("one-way delay must be 0..5000 ms");
        assertThatThrownBy(() -> PathImpairment.NONE.withRate(1000)).hasMessageContaining("at least 8 kbit/s");
        assertThatThrownBy(() -> new BurstLoss(100, 4)).hasMessageContaining("0 <= percent < 100");
        assertThatThrownBy(() -> new BurstLoss(5, 0.5)).hasMessageContaining("1..1000 packets");
    }
}
