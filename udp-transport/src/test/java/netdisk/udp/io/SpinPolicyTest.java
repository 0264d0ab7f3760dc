package netdisk.udp.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When a receive may poll before it sleeps. */
class SpinPolicyTest {

    private final AtomicInteger polling = new AtomicInteger();

    @Test
    void aPeerThatAnswersWithinThePollKeepsItPolling() {
        SpinPolicy policy = new SpinPolicy(polling, 1);
        for (int i = 0; i < 10_000; i++) {
            assertThat(policy.tryStart()).as("receive %d", i).isTrue();
            policy.caught();
        }
        assertThat(polling).hasValue(0);
    }

    @Test
    void aPeerSlowerThanThePollStopsItForAWhileThenItIsTriedAgain() {
        SpinPolicy policy = new SpinPolicy(polling, 1);
        for (int i = 0; i < SpinPolicy.MISS_LIMIT; i++) {
            assertThat(policy.tryStart()).isTrue();
            policy.missed();
        }
        for (int i = 0; i < SpinPolicy.QUIET_RECEIVES; i++) {
            assertThat(policy.tryStart()).as("quiet receive %d", i).isFalse();
        }
        assertThat(policy.tryStart()).as("tried again").isTrue();
        policy.caught();
        assertThat(policy.tryStart()).isTrue();
        policy.cutShort();
    }

    @Test
    void aMissBetweenCatchesDoesNotStopIt() {
        SpinPolicy policy = new SpinPolicy(polling, 1);
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.tryStart()).isTrue();
            if (i % SpinPolicy.MISS_LIMIT == 0) {
                policy.caught();
            } else {
                policy.missed();
            }
        }
    }

    @Test
    void aPollCutShortByTheCallersOwnDeadlineIsNoMiss() {
        SpinPolicy policy = new SpinPolicy(polling, 1);
        for (int i = 0; i < 100; i++) {
            assertThat(policy.tryStart()).isTrue();
            policy.cutShort();
        }
    }

    @Test
    void noMoreThanTheBudgetPollAtOnce() {
        SpinPolicy a = new SpinPolicy(polling, 2);
        SpinPolicy b = new SpinPolicy(polling, 2);
        SpinPolicy c = new SpinPolicy(polling, 2);
        assertThat(a.tryStart()).isTrue();
        assertThat(b.tryStart()).isTrue();
        assertThat(c.tryStart()).as("a third poller while two poll").isFalse();
        a.caught();
        assertThat(c.tryStart()).as("room again").isTrue();
        b.caught();
        c.caught();
        assertThat(polling).hasValue(0);
    }
}
