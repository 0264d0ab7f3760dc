package netdisk.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void medianOfAnOddCountIsTheMiddleRun() {
        assertThat(Rates.of(50, 10, 30)).isEqualTo(new Rates(30, 10, 50, 3));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Rates.of(40, 10, 20, 30).median()).isEqualTo(25);
    }

    @Test
    void noRunsGiveNoRates() {
        assertThat(Rates.of()).isEqualTo(Rates.NONE);
        assertThat(Rates.NONE.median()).isNaN();
    }

    @Test
    void mbpsIsDecimalMegabytesPerSecond() {
        assertThat(Rates.mbps(64_000_000, 500_000_000)).isEqualTo(128.0);
    }
}
