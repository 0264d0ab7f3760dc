package netdisk.udp.retransmit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6298 §2 smoothing, in integer nanoseconds (alpha 1/8, beta 1/4, K 4). */
class RttEstimatorTest {

    private final RttEstimator estimator = new RttEstimator();

    @Test
    void hasNoEstimateBeforeTheFirstSample() {
        assertThat(estimator.hasSample()).isFalse();
        assertThat(estimator.smoothedNanos()).isEqualTo(-1);
    }

    @Test
    void firstSampleSetsSrttAndHalfOfItAsVariation() {
        estimator.sample(8_000);
        assertThat(estimator.hasSample()).isTrue();
        assertThat(estimator.smoothedNanos()).isEqualTo(8_000);
        assertThat(estimator.timeoutNanos()).isEqualTo(8_000 + 4 * 4_000);
    }

    @Test
    void laterSamplesUpdateVariationFirstThenSrtt() {
        estimator.sample(8_000); // SRTT 8000, RTTVAR 4000
        estimator.sample(16_000);
        // RTTVAR from the OLD SRTT: 3000 + |8000 - 16000| / 4 = 5000; SRTT = 7000 + 2000 = 9000.
        assertThat(estimator.smoothedNanos()).isEqualTo(9_000);
        assertThat(estimator.timeoutNanos()).isEqualTo(9_000 + 4 * 5_000);
    }

    @Test
    void steadySamplesShrinkTheVariation() {
        for (int i = 0; i < 50; i++) {
            estimator.sample(1_000_000);
        }
        assertThat(estimator.smoothedNanos()).isEqualTo(1_000_000);
        assertThat(estimator.timeoutNanos()).isLessThan(1_000_100);
    }

    @Test
    void negativeSamplesCountAsZero() {
        estimator.sample(-5);
        assertThat(estimator.smoothedNanos()).isZero();
    }
}
