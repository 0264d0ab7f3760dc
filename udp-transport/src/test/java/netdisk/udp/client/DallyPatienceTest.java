package netdisk.udp.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long a download waits after its final ACK before returning: four round trips, 2..50 ms. */
class DallyPatienceTest {

    @ParameterizedTest(name = "smoothed RTT {0} ns -> {1} ns")
    @CsvSource({
        "-1,          2000000",   // nothing measured: the floor
        "100000,      2000000",   // a LAN's 0.1 ms: four round trips are less than the floor
        "5000000,     20000000",  // 5 ms: four round trips
        "1000000000,  50000000",  // a second: capped, the rest is dallied in the background
    })
    void isFourRoundTripsWithinBounds(long smoothedRtt, long expected) {
        assertThat(TftpClient.dallyPatience(smoothedRtt)).isEqualTo(expected);
    }
}
