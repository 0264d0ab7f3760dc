package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireCountTest {

    private static Arrivals arrived(long packets, long dropped) {
        return new Arrivals(packets, packets * 1000, packets, packets * 1000, 0, 0, dropped);
    }

    private static HostCounters host(Arrivals in, long lostByRule) {
        return new HostCounters(in, lostByRule, 0, 0, 0, 0);
    }

    @Test
    void onADirectLinkWhatArrivedIsWhatWasSentAndTheRuleDropsAreTheLoss() {
        // The client's ingress saw 1000 packets (the rule then dropped 50); the pair dropped 2 before it.
        WireCount w = WireCount.direct(host(arrived(100, 0), 0), host(arrived(1000, 2), 50));
        assertThat(w.sent(Way.DOWN).sentPackets()).isEqualTo(1002);
        assertThat(w.lost(Way.DOWN)).isEqualTo(52);
        assertThat(w.lost(Way.UP)).isZero();
        assertThat(w.packets()).isEqualTo(1102);
    }

    @Test
    void throughTheRouterWhatItReceivedAndNeverForwardedIsLostToo() {
        // The router received 1000 from the server, the client saw 900 and its rule dropped 30.
        WireCount w = new WireCount(host(arrived(100, 0), 0), host(arrived(900, 0), 30), arrived(1000, 0),
                arrived(100, 0));
        assertThat(w.sent(Way.DOWN).sentPackets()).isEqualTo(1000);
        assertThat(w.lost(Way.DOWN)).isEqualTo(130);
        assertThat(w.lost(Way.UP)).isZero();
    }

    @Test
    void aDifferenceOfTwoReadingsIsWhatHappenedBetween() {
        WireCount before = WireCount.direct(host(arrived(10, 0), 1), host(arrived(20, 0), 2));
        WireCount after = WireCount.direct(host(arrived(110, 0), 1), host(arrived(1020, 3), 52));
        WireCount run = after.minus(before);
        assertThat(run.sent(Way.DOWN).sentPackets()).isEqualTo(1003);
        assertThat(run.lost(Way.DOWN)).isEqualTo(53);
        assertThat(run.bytes()).isEqualTo(1100 * 1000);
    }
}
