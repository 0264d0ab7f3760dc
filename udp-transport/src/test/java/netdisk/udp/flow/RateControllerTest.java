package netdisk.udp.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Flow mode's congestion controller, fed round by round as the sender feeds it. */
class RateControllerTest {

    private static final int PACKET = 1428 + 18;
    private static final long MS = 1_000_000;
    /** 10 MB/s, the delivery rate every round below reports unless it says otherwise. */
    private static final double RATE = 10e6;

    private final RateController controller = new RateController(PACKET);
    private long now = 1_000 * MS;

    /** One round trip: a round-trip sample, a delivery-rate sample, what was settled, the round's end. */
    private void round(long rttNanos, double rate, long delivered, long lost) {
        now += rttNanos;
        controller.onRoundTrip(rttNanos, now);
        controller.onDeliveryRate((long) (rate * rttNanos / 1e9), rttNanos);
        controller.onSettled(delivered, lost);
        controller.onRoundEnd(0);
    }

    /** Through startup and drain into the probing cycle, on a 1 ms path at {@link #RATE}. */
    private void reachSteadyState() {
        for (int i = 0; i < 6; i++) {
            round(MS, RATE, 100, 0);
        }
        assertThat(controller.inStartup()).isFalse();
        assertThat(controller.bottleneckRate()).isEqualTo(RATE);
    }

    @Test
    void startupPacesAtTwiceTheRateAndLeavesWhenTheRateStopsGrowing() {
        round(MS, RATE, 100, 0);
        assertThat(controller.inStartup()).isTrue();
        assertThat(controller.pacingRate()).isEqualTo(2.885 * RATE);
        reachSteadyState();
    }

    @Test
    void randomLossWithoutAQueueDoesNotLowerTheRate() {
        reachSteadyState();
        // 10 % lost every round, the round trips at the floor: a lossy link, not a full one.
        for (int i = 0; i < 50; i++) {
            round(MS, RATE, 90, 10);
        }
        assertThat(controller.bottleneckRate()).isEqualTo(RATE);
        assertThat(controller.congestionBackoffs()).isZero();
        assertThat(controller.breakerTrips()).isZero();
    }

    @Test
    void aStandingQueueAloneDoesNotLowerTheRate() {
        reachSteadyState();
        for (int i = 0; i < 20; i++) {
            round(26 * MS, RATE, 100, 0);
        }
        assertThat(controller.congestionBackoffs()).isZero();
    }

    @Test
    void lossWithAStandingQueueGivesWayRoundAfterRound() {
        reachSteadyState();
        // A TCP flow beside us fills the bottleneck's 25 ms queue: every round trip is 25 ms
        // above the floor and 3 % are lost. Each such round leaves 85 % of the estimate.
        round(26 * MS, RATE, 97, 3);
        assertThat(controller.congestionBackoffs()).isEqualTo(1);
        assertThat(controller.bottleneckRate()).isEqualTo(RATE * 0.85);
        for (int i = 0; i < 4; i++) {
            round(26 * MS, RATE * 0.5, 97, 3);
        }
        assertThat(controller.congestionBackoffs()).isEqualTo(5);
        assertThat(controller.bottleneckRate()).isLessThan(RATE * 0.5);
        // The queue drains (the other flow backed off): the rate grows again from what is delivered.
        for (int i = 0; i < 10; i++) {
            round(MS, RATE, 100, 0);
        }
        assertThat(controller.bottleneckRate()).isEqualTo(RATE);
    }

    @Test
    void aFloorMeasuredOverAQueueIsProbedAgainAfterTenSecondsAndThenTheQueueIsSeen() {
        // The queue stood before the first round trip (a TCP download filled it): the floor starts at 26 ms.
        round(26 * MS, RATE, 100, 0);
        long floorAt = now;
        for (int i = 0; i < 5; i++) {
            round(26 * MS, RATE, 100, 0);
        }
        assertThat(controller.minRttNanos()).isEqualTo(26 * MS);
        round(26 * MS, RATE, 95, 5);
        assertThat(controller.congestionBackoffs()).as("with the queue in the floor, loss looks random").isZero();

        int rounds = 0;
        while (!controller.probingFloor() && rounds++ < 500) {
            round(26 * MS, RATE, 100, 0);
        }
        assertThat(controller.probingFloor()).as("probing after 2 s, %d rounds", rounds).isTrue();
        assertThat(now - floorAt).as("the first probe").isBetween(2_000 * MS, 2_026 * MS);
        assertThat(controller.window()).isEqualTo(RateController.PROBE_RTT_WINDOW);
        double estimate = controller.bottleneckRate();

        // Drained, the path shows its real floor; 8 datagrams' delivery rate leaves the estimate alone.
        for (int i = 0; i < 300 && controller.probingFloor(); i++) {
            round(MS, RATE / 50, 8, 0);
        }
        assertThat(controller.probingFloor()).isFalse();
        assertThat(controller.floorProbes()).isEqualTo(1);
        assertThat(controller.minRttNanos()).isEqualTo(MS);
        assertThat(controller.bottleneckRate()).isEqualTo(estimate);
        assertThat(controller.window()).isGreaterThan(RateController.PROBE_RTT_WINDOW);

        round(26 * MS, RATE, 95, 5);
        assertThat(controller.congestionBackoffs()).as("now the queue is seen for what it is").isEqualTo(1);
        assertThat(controller.bottleneckRate()).isLessThan(estimate);

        long probedAt = now;
        for (int i = 0; i < 1_000 && !controller.probingFloor(); i++) {
            round(26 * MS, RATE, 100, 0);
        }
        assertThat(controller.probingFloor()).isTrue();
        assertThat(now - probedAt).as("the next ones, every 10 s").isBetween(9_970 * MS, 10_030 * MS);
    }

    @Test
    void aFloorThatIsStillRightComesBackFromItsProbeUnchanged() {
        reachSteadyState();
        for (int i = 0; i < 10_001 && !controller.probingFloor(); i++) {
            round(MS, RATE, 100, 0);
        }
        assertThat(controller.probingFloor()).isTrue();
        for (int i = 0; i < 300 && controller.probingFloor(); i++) {
            round(MS, RATE / 50, 8, 0);
        }
        assertThat(controller.minRttNanos()).isEqualTo(MS);
        assertThat(controller.bottleneckRate()).isEqualTo(RATE);
        assertThat(controller.pacingRate()).isGreaterThanOrEqualTo(0.75 * RATE);
    }

    @Test
    void oneSlowRoundTripInARoundIsNoQueue() {
        reachSteadyState();
        // A garbage collection delays one ACK by 30 ms; the round's fastest round trip is at the floor.
        now += 30 * MS;
        controller.onRoundTrip(30 * MS, now);
        round(MS, RATE, 95, 5);
        assertThat(controller.congestionBackoffs()).isZero();
    }

    @Test
    void persistentHeavyLossTripsTheBreaker() {
        reachSteadyState();
        for (int i = 0; i < 3; i++) {
            round(MS, RATE, 40, 60);
        }
        assertThat(controller.breakerTrips()).isEqualTo(1);
        assertThat(controller.bottleneckRate()).isEqualTo(RATE / 2);
    }
}
