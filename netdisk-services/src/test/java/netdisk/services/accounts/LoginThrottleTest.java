package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import netdisk.services.accounts.AccountException.Reason;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final InetAddress A = address("192.0.2.1");
    private static final InetAddress B = address("192.0.2.2");

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = LoginThrottle.of(AccountSettings.defaults().withClock(clock));

    @Test
    void locksANameForOneSecondAtTheFifthFailureWithinFiveMinutes() throws Exception {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", address("10.0.0." + (i + 1)));
            clock.advance(Duration.ofSeconds(30));
            throttle.check("alice", B);
        }
        throttle.failed("alice", address("10.0.0.5"));
        assertThrottled("alice", B, Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(400));
        assertThrottled("alice", B, Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        throttle.check("alice", B);
    }

    @Test
    void doublesTheLockWithEachFurtherFailureUpToFiveMinutes() throws Exception {
        failTimes("alice", A, 5);
        assertThat(throttle.lockedFor("alice")).isEqualTo(Duration.ofSeconds(1));
        long expected = 1;
        for (int failure = 6; failure <= 16; failure++) {
            clock.advance(throttle.lockedFor("alice"));
            throttle.failed("alice", A);
            expected = Math.min(expected * 2, 300);
            assertThat(throttle.lockedFor("alice")).as("failure %d", failure).isEqualTo(Duration.ofSeconds(expected));
        }
        assertThat(expected).isEqualTo(300);
        assertThrottled("alice", B, Duration.ofMinutes(5));
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotLock() throws Exception {
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", address("10.0.1." + (i + 1)));
            clock.advance(Duration.ofSeconds(76)); // never 5 within 5 minutes
        }
        throttle.check("alice", B);
    }

    @Test
    void countsANameIgnoringCase() {
        throttle.failed("alice", address("10.0.0.1"));
        throttle.failed("Alice", address("10.0.0.2"));
        throttle.failed("ALICE", address("10.0.0.3"));
        throttle.failed("aLiCe", address("10.0.0.4"));
        throttle.failed("alicE", address("10.0.0.5"));
        assertThrottled("alice", B, Duration.ofSeconds(1));
    }

    @Test
    void locksAnAddressThatTriesManyNames() throws Exception {
        for (String name : new String[] {"alice", "bob", "carol", "dave", "erin"}) {
            throttle.failed(name, A);
        }
        assertThrottled("frank", A, Duration.ofSeconds(1));
        throttle.check("frank", B);
        throttle.check("alice", B); // one failure of its own
        assertThat(throttle.lockedFor(A)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void reportsTheLongerOfTheNameAndAddressLocks() {
        failTimes("alice", A, 6); // name and address: 1 s, then 2 s
        failTimes("bob", B, 5);   // B: 1 s
        assertThrottled("alice", B, Duration.ofSeconds(2));
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddress() throws Exception {
        failTimes("alice", A, 4);
        throttle.succeeded("alice");
        throttle.failed("alice", B);
        throttle.check("alice", B);
        throttle.failed("bob", A); // A's fifth failure: the success did not clear it
        assertThrottled("carol", A, Duration.ofSeconds(1));
    }

    @Test
    void forgivesAKeyThatStayedQuietForAWindowAfterItsLock() throws Exception {
        failTimes("alice", A, 8); // locked 8 s
        clock.advance(Duration.ofSeconds(8).plus(Duration.ofMinutes(5)));
        throttle.failed("alice", A);
        throttle.check("alice", A); // starts afresh: one failure, no lock
        assertThat(throttle.lockedFor("alice")).isZero();
    }

    @Test
    void aKeyNotYetForgivenKeepsDoubling() {
        failTimes("alice", A, 5); // 1 s
        clock.advance(Duration.ofMinutes(4));
        throttle.failed("alice", A);
        assertThat(throttle.lockedFor("alice")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void forgetsForgivenKeysSoGuessedNamesDoNotAccumulate() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("guess" + i, A);
        }
        assertThat(throttle.trackedKeys()).isEqualTo(101);
        clock.advance(Duration.ofMinutes(11));
        throttle.failed("one-more", B);
        assertThat(throttle.trackedKeys()).isEqualTo(2);
    }

    private void failTimes(String name, InetAddress from, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(name, from);
        }
    }

    private void assertThrottled(String name, InetAddress from, Duration retryAfter) {
        assertThatThrownBy(() -> throttle.check(name, from))
                .isInstanceOfSatisfying(AccountException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
                    assertThat(e.retryAfter()).isEqualTo(retryAfter);
                })
                .hasMessageContaining("try again in");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
