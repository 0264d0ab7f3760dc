package netdisk.udp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownOptionTest {

    @Test
    void findsOptionsByNameIgnoringCase() {
        assertThat(KnownOption.named("BLKSIZE")).contains(KnownOption.BLKSIZE);
        assertThat(KnownOption.named("WindowSize")).contains(KnownOption.WINDOWSIZE);
        assertThat(KnownOption.named("netdisk-token")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "blksize, 8, 8", "blksize, 65464, 65464", "blksize, 100000, 100000", "blksize, 0512, 512",
        "tsize, 0, 0", "tsize, 9223372036854775807, 9223372036854775807",
        "timeout, 1, 1", "timeout, 255, 255", "windowsize, 1, 1", "windowsize, 65535, 65535"})
    void acceptsDecimalValuesInRange(String name, String value, long expected) throws MalformedPacketException {
        assertThat(KnownOption.named(name).orElseThrow().parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "blksize, 7", "blksize, 12a", "blksize, ''", "blksize, +8", "blksize, ' 8'",
        "tsize, -1", "tsize, 12345678901234567890", "tsize, 9223372036854775808", "tsize, 9999999999999999999",
        "timeout, 0", "timeout, 256", "windowsize, 0", "windowsize, 65536"})
    void refusesAnythingElseAsABadOptionValue(String name, String value) {
        MalformedPacketException e = catchThrowableOfType(MalformedPacketException.class,
                () -> KnownOption.named(name).orElseThrow().parse(value));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(MalformedPacketException.Reason.BAD_OPTION_VALUE);
    }
}
