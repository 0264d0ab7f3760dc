package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import netdisk.services.accounts.AccountException.Reason;
import netdisk.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final InetAddress A = address("192.0.2.1");
    private static final InetAddress B = address("192.0.2.2");

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = LoginThrottle.of(AccountSettings.defaults().withClock(clock));

    @Test
    void locksANameFromOneAddressForOneSecondAtTheFifthFailureWithinFiveMinutes() throws Exception {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", A);
            clock.advance(Duration.ofSeconds(30));
            throttle.check("alice", A);
        }
        throttle.failed("alice", A);
        assertThrottled("alice", A, Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(400));
        assertThrottled("alice", A, Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        throttle.check("alice", A);
    }

    /** Hardening finding 7: the guesser is locked, the owner at another address is not. */
    @Test
    void aGuesserElsewhereDoesNotLockTheOwnerOut() throws Exception {
        for (int round = 0; round < 20; round++) { // honouring every retry-after, as the probe did
            while (!throttle.lockedFor("alice", A).isZero()) {
                clock.advance(throttle.lockedFor("alice", A));
            }
            clock.advance(throttle.check("alice", A));
            throttle.failed("alice", A);
        }
        assertThat(throttle.lockedFor("alice", A)).isEqualTo(Duration.ofMinutes(5));

        assertThat(throttle.check("alice", B)).as("the owner goes at once, or after a short wait")
                .isLessThanOrEqualTo(LoginThrottle.MAX_NAME_WAIT);
        assertThat(throttle.lockedFor("alice", B)).isZero();
    }

    @Test
    void guessingOneNameFromManyAddressesIsSpacedOneTryASecond() throws Exception {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", address("10.0.0." + (i + 1)));
        }
        // Five more attempts from five fresh addresses, all at the same instant: each waits its turn.
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.check("alice", address("10.0.1." + (i + 1)))).isEqualTo(Duration.ofSeconds(i));
        }
        assertThat(throttle.check("bob", B)).as("other names are not slowed").isZero();
    }

    @Test
    void aNameWhoseTurnIsTooFarAwayIsToldToTryAgainShortlyNotLocked() throws Exception {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", address("10.0.0." + (i + 1)));
        }
        for (int i = 0; i <= 10; i++) {
            throttle.check("alice", address("10.0.1." + (i + 1))); // turns 0..10 s
        }
        AccountException refused = catchThrottled("alice", B);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refused).hasMessageContaining("from elsewhere");
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.check("alice", B)).isEqualTo(LoginThrottle.MAX_NAME_WAIT);
    }

    @Test
    void doublesTheLockWithEachFurtherFailureUpToFiveMinutes() throws Exception {
        failTimes("alice", A, 5);
        assertThat(throttle.lockedFor("alice", A)).isEqualTo(Duration.ofSeconds(1));
        long expected = 1;
        for (int failure = 6; failure <= 16; failure++) {
            clock.advance(throttle.lockedFor("alice", A));
            throttle.failed("alice", A);
            expected = Math.min(expected * 2, 300);
            assertThat(throttle.lockedFor("alice", A)).as("failure %d", failure).isEqualTo(Duration.ofSeconds(expected));
        }
        assertThat(expected).isEqualTo(300);
        assertThrottled("alice", A, Duration.ofMinutes(5));
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotLockOrSlow() throws Exception {
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", A);
            clock.advance(Duration.ofSeconds(76)); // never 5 within 5 minutes
        }
        assertThat(throttle.check("alice", A)).isZero();
    }

    @Test
    void countsANameIgnoringCase() {
        throttle.failed("alice", A);
        throttle.failed("Alice", A);
        throttle.failed("ALICE", A);
        throttle.failed("aLiCe", A);
        throttle.failed("alicE", A);
        assertThrottled("alice", A, Duration.ofSeconds(1));
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
    void reportsTheLongerOfThePairAndAddressLocks() {
        failTimes("alice", A, 6); // pair and address: 1 s, then 2 s
        failTimes("bob", B, 5);   // B: 1 s
        assertThrottled("alice", A, Duration.ofSeconds(2));
        assertThrottled("alice", B, Duration.ofSeconds(1));
    }

    @Test
    void aSuccessClearsItsPairButNotTheAddress() throws Exception {
        failTimes("alice", A, 4);
        throttle.succeeded("alice", A);
        throttle.failed("alice", A);
        assertThat(throttle.lockedFor("alice", A)).isZero();
        throttle.failed("bob", A); // A's sixth failure: the success did not clear the address
        assertThrottled("carol", A, Duration.ofSeconds(2));
    }

    @Test
    void forgivesAKeyThatStayedQuietForAWindowAfterItsLock() throws Exception {
        failTimes("alice", A, 8); // locked 8 s
        clock.advance(Duration.ofSeconds(8).plus(Duration.ofMinutes(5)));
        throttle.failed("alice", A);
        assertThat(throttle.check("alice", A)).isZero(); // starts afresh: one failure, no lock
        assertThat(throttle.lockedFor("alice", A)).isZero();
    }

    @Test
    void aKeyNotYetForgivenKeepsDoubling() {
        failTimes("alice", A, 5); // 1 s
        clock.advance(Duration.ofMinutes(4));
        throttle.failed("alice", A);
        assertThat(throttle.lockedFor("alice", A)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void forgetsForgivenKeysSoGuessedNamesDoNotAccumulate() {
        for (int i = 0; i < 100; i++) {
            throttle.failed("guess" + i, A);
        }
        assertThat(throttle.trackedKeys()).as("a pair and a name each, and the address").isEqualTo(201);
        clock.advance(Duration.ofMinutes(11));
        throttle.failed("one-more", B);
        assertThat(throttle.trackedKeys()).isEqualTo(3);
    }

    private void failTimes(String name, InetAddress from, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(name, from);
        }
    }

    private AccountException catchThrottled(String name, InetAddress from) {
        try {
            throttle.check(name, from);
        } catch (AccountException e) {
            assertThat(e.reason()).isEqualTo(Reason.THROTTLED);
            return e;
        }
        throw new AssertionError("not throttled");
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
