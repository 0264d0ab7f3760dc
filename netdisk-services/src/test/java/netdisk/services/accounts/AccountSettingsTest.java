package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import netdisk.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class AccountSettingsTest {

    @Test
    void defaultsAreTheDecidedOnes() {
        AccountSettings d = AccountSettings.defaults();
        assertThat(d.iterations()).isEqualTo(600_000);
        assertThat(d.minPasswordLength()).isEqualTo(8);
        assertThat(d.tokenLifetime()).isEqualTo(Duration.ofHours(12));
        assertThat(d.throttleFailures()).isEqualTo(5);
        assertThat(d.throttleWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.throttleFirstLock()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.throttleMaxLock()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.clock()).isEqualTo(Clock.systemUTC());
    }

    @Test
    void eachWithChangesOneThing() {
        AccountSettings d = AccountSettings.defaults();
        MutableClock clock = new MutableClock();
        assertThat(d.withIterations(1000)).isEqualTo(new AccountSettings(1000, 8, Duration.ofHours(12), 5,
                Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(5), 10, Duration.ofSeconds(6),
                Clock.systemUTC()));
        assertThat(d.withMinPasswordLength(12).minPasswordLength()).isEqualTo(12);
        assertThat(d.withTokenLifetime(Duration.ofMinutes(1)).tokenLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.withClock(clock).clock()).isSameAs(clock);
        AccountSettings strict = d.withThrottle(3, Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofHours(1));
        assertThat(strict.throttleFailures()).isEqualTo(3);
        assertThat(strict.throttleMaxLock()).isEqualTo(Duration.ofHours(1));
        assertThat(strict.iterations()).isEqualTo(d.iterations());
    }

    @Test
    void refusesNonsense() {
        AccountSettings d = AccountSettings.defaults();
        assertThatThrownBy(() -> d.withIterations(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMinPasswordLength(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMinPasswordLength(1025)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTokenLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withThrottle(5, Duration.ofMinutes(5), Duration.ofMinutes(10),
                        Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
