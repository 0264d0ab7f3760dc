package netdisk.udp.retransmit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The retransmission timeout (spec/protocol.md section 10; RFC 6298). */
class RetransmitTimerTest {

    private static long ms(double millis) {
        return (long) (millis * 1_000_000);
    }

    /** The default policy, but starting at RFC 6298's 1 s: the numbers below are worked out from it. */
    private static final RetransmitPolicy ONE_SECOND_START = RetransmitPolicy.DEFAULT.withInitialTimeout(Duration.ofSeconds(1));

    private final RetransmitTimer timer = new RetransmitTimer(ONE_SECOND_START);

    @Test
    void netdisksDefaultStartsAtAQuarterSecond() {
        assertThat(new RetransmitTimer(RetransmitPolicy.DEFAULT).timeoutNanos()).isEqualTo(250_000_000L);
    }

    @Test
    void startsAtOneSecondBeforeAnySample() {
        assertThat(timer.timeoutNanos()).isEqualTo(ms(1000)); // RFC 6298 §2.1
        assertThat(timer.smoothedRttNanos()).isEqualTo(-1);
    }

    @Test
    void startsAtTheCeilingWhenThatIsLower() {
        RetransmitTimer low = new RetransmitTimer(ONE_SECOND_START.withMaxTimeout(Duration.ofMillis(300)));
        assertThat(low.timeoutNanos()).isEqualTo(ms(300));
    }

    @Test
    void rtoFollowsRfc6298() {
        // First sample R: SRTT = R, RTTVAR = R/2 (§2.2).
        timer.onRoundTrip(ms(100));
        assertThat(timer.smoothedRttNanos()).isEqualTo(ms(100));
        assertThat(timer.timeoutNanos()).isEqualTo(ms(100 + 4 * 50));
        // Then RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|, SRTT = 7/8 SRTT + 1/8 R (§2.3).
        timer.onRoundTrip(ms(200)); // RTTVAR = 37.5 + 25 = 62.5; SRTT = 87.5 + 25 = 112.5
        assertThat(timer.smoothedRttNanos()).isEqualTo(ms(112.5));
        assertThat(timer.timeoutNanos()).isEqualTo(ms(112.5 + 4 * 62.5));
        timer.onRoundTrip(ms(50)); // RTTVAR = 46.875 + 15.625 = 62.5; SRTT = 98.4375 + 6.25 = 104.6875
        assertThat(timer.smoothedRttNanos()).isEqualTo(ms(104.6875));
        assertThat(timer.timeoutNanos()).isEqualTo(ms(104.6875 + 4 * 62.5));
    }

    @Test
    void rtoStaysBetweenTheFloorAndTheCeiling() {
        timer.onRoundTrip(10_000); // 10 us: a LAN round trip
        assertThat(timer.timeoutNanos()).isEqualTo(ms(2));
        RetransmitTimer slow = new RetransmitTimer(ONE_SECOND_START);
        slow.onRoundTrip(ms(3000));
        assertThat(slow.timeoutNanos()).isEqualTo(ms(5000));
    }

    @Test
    void timeoutDoublesUpToCeiling() {
        long[] expected = {2000, 4000, 5000, 5000};
        for (long millis : expected) {
            timer.onTimeout(0);
            assertThat(timer.timeoutNanos()).isEqualTo(ms(millis));
        }
    }

    @Test
    void backedOffTimeoutHoldsUntilTheNextSample() {
        timer.onRoundTrip(ms(10)); // RTO 30 ms
        timer.onTimeout(0);
        timer.onProgress(0); // progress resets the count, not the backed-off RTO (RFC 6298 §5.7)
        assertThat(timer.timeoutNanos()).isEqualTo(ms(60));
        timer.onRoundTrip(ms(10)); // SRTT 10, RTTVAR 3.75 + 0
        assertThat(timer.timeoutNanos()).isEqualTo(ms(10 + 4 * 3.75));
    }

    @Test
    void negotiatedTimeoutBecomesCeiling() {
        timer.setCeiling(Duration.ofSeconds(3));
        timer.onTimeout(0);
        assertThat(timer.timeoutNanos()).isEqualTo(ms(2000));
        timer.onTimeout(0);
        assertThat(timer.timeoutNanos()).isEqualTo(ms(3000));
        timer.onTimeout(0);
        assertThat(timer.timeoutNanos()).isEqualTo(ms(3000));
        // A ceiling below the current timeout lowers it at once.
        timer.setCeiling(Duration.ofMillis(500));
        assertThat(timer.timeoutNanos()).isEqualTo(ms(500));
        // And a large one lets it grow past the default 5 s.
        RetransmitTimer patient = new RetransmitTimer(ONE_SECOND_START);
        patient.setCeiling(Duration.ofSeconds(20));
        for (int i = 0; i < 5; i++) {
            patient.onTimeout(0);
        }
        assertThat(patient.timeoutNanos()).isEqualTo(ms(20_000));
    }

    private static final long SECOND = ms(1000);

    @Test
    void givesUpWhenThePeerWasSilentForTheGiveUpTime() {
        timer.start(0);
        timer.onHeard(ms(100));
        assertThat(timer.onTimeout(ms(100) + 30 * SECOND - 1)).isEmpty();
        assertThat(timer.onTimeout(ms(100) + 30 * SECOND)).contains("nothing heard from the peer for 30 s");
    }

    @Test
    void givesUpAnOpeningNobodyAnsweredAfterHalfTheGiveUpTime() {
        timer.start(SECOND);
        assertThat(timer.onTimeout(SECOND + 15 * SECOND - 1)).isEmpty();
        assertThat(timer.onTimeout(SECOND + 15 * SECOND)).contains("no answer for 15 s");
    }

    @Test
    void timeoutsCountForNothingWhileThePeerIsHeard() {
        timer.start(0);
        long now = 0;
        for (int i = 1; i <= 1000; i++) {
            now += ms(20);
            timer.onHeard(now - 1);
            assertThat(timer.onTimeout(now)).as("timeout %d", i).isEmpty();
        }
    }

    @Test
    void aPeerHeardWithoutProgressIsGivenUpAfterTwiceTheGiveUpTime() {
        timer.start(0);
        timer.onProgress(SECOND);
        long now = SECOND;
        while (now < SECOND + 60 * SECOND - 10 * SECOND) {
            now += 10 * SECOND;
            timer.onHeard(now);
            assertThat(timer.onTimeout(now)).isEmpty();
        }
        timer.onHeard(SECOND + 60 * SECOND - 1);
        assertThat(timer.onTimeout(SECOND + 60 * SECOND))
                .contains("no progress for 60 s although the peer still answers");
    }

    @Test
    void theGiveUpTimeIsConfigurable() {
        RetransmitTimer quick = new RetransmitTimer(RetransmitPolicy.DEFAULT.withGiveUp(Duration.ofMillis(800)));
        quick.start(0);
        quick.onHeard(1);
        assertThat(quick.onTimeout(ms(800))).isEmpty();
        assertThat(quick.onTimeout(ms(800) + 1)).contains("nothing heard from the peer for 800 ms");
    }

    @Test
    void anAnswerFasterThanHalfTheShortestRoundTripAnswersWhatWasSentBefore() {
        assertThat(timer.answersWhatWasSentBefore(0)).as("nothing measured yet").isFalse();
        timer.onRoundTrip(ms(1));
        timer.onRoundTrip(ms(4));
        assertThat(timer.answersWhatWasSentBefore(ms(0.49))).isTrue();
        assertThat(timer.answersWhatWasSentBefore(ms(0.5))).isFalse();
    }

    @Test
    void aSpuriousTimeoutRaisesTheFloorToTwiceTheTimeoutThatFiredAndUndoesTheBackoff() {
        RetransmitTimer lan = new RetransmitTimer(RetransmitPolicy.DEFAULT);
        lan.onRoundTrip(50_000); // 50 us: RTO at the 2 ms floor
        assertThat(lan.timeoutNanos()).isEqualTo(ms(2));
        lan.onTimeout(0); // fired at 2 ms, backed off to 4
        lan.onSpuriousTimeout();
        assertThat(lan.floorNanos()).isEqualTo(ms(4));
        assertThat(lan.timeoutNanos()).isEqualTo(ms(4));
        for (int i = 0; i < 10; i++) {
            lan.onTimeout(0);
            lan.onSpuriousTimeout();
        }
        assertThat(lan.floorNanos()).as("never above TCP's usual floor").isEqualTo(ms(200));
        lan.onRoundTrip(50_000);
        assertThat(lan.timeoutNanos()).as("samples stay above the learned floor").isEqualTo(ms(200));
    }

    @Test
    void dallyIsEightTimeoutsCappedAtTheCeiling() {
        timer.onRoundTrip(ms(10)); // RTO 30 ms
        assertThat(timer.dallyNanos()).isEqualTo(ms(240));
        timer.onTimeout(0); // 60 ms
        assertThat(timer.dallyNanos()).isEqualTo(ms(480));
        RetransmitTimer fresh = new RetransmitTimer(ONE_SECOND_START); // RTO 1 s
        assertThat(fresh.dallyNanos()).isEqualTo(ms(5000));
    }

    @Test
    void dallyOnALanRoundTripStillOutlastsASenderThatWakesLate() {
        timer.onRoundTrip(50_000); // 50 µs: eight timeouts at the 2 ms floor would be 16 ms
        assertThat(timer.dallyNanos()).isEqualTo(ms(200));
    }
}
