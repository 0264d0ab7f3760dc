package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import netdisk.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    private static final InetAddress HOME = address("192.0.2.10");
    private static final InetAddress ELSEWHERE = address("198.51.100.7");

    private final MutableClock clock = new MutableClock();
    private final SessionStore sessions = new SessionStore(Duration.ofHours(12), clock);

    @Test
    void issuesThirtyTwoRandomBytesAsUrlSafeBase64WithoutPadding() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = sessions.issue("alice", HOME).token();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
            seen.add(token);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void authenticatesTheTokenFromTheAddressThatLoggedIn() {
        Session session = sessions.issue("alice", HOME);
        assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(sessions.authenticate(session.token(), HOME)).contains(session);
    }

    @Test
    void refusesAForeignAddressButKeepsTheSessionForItsOwner() {
        Session session = sessions.issue("alice", HOME);
        assertThat(sessions.authenticate(session.token(), ELSEWHERE)).isEmpty();
        assertThat(sessions.authenticate(session.token(), HOME)).contains(session);
    }

    @Test
    void expiresAfterItsLifetime() {
        Session session = sessions.issue("alice", HOME);
        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(sessions.authenticate(session.token(), HOME)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.authenticate(session.token(), HOME)).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void revokedTokensAreInvalidAndUnknownOnesAreIgnored() {
        Session session = sessions.issue("alice", HOME);
        Session other = sessions.issue("alice", HOME);
        sessions.revoke(session.token());
        sessions.revoke("no-such-token");
        sessions.revoke(null);
        assertThat(sessions.authenticate(session.token(), HOME)).isEmpty();
        assertThat(sessions.authenticate(other.token(), HOME)).isPresent();
    }

    @Test
    void refusesUnknownAndMissingTokens() {
        assertThat(sessions.authenticate("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", HOME)).isEmpty();
        assertThat(sessions.authenticate("", HOME)).isEmpty();
        assertThat(sessions.authenticate(null, HOME)).isEmpty();
        assertThat(sessions.authenticate(sessions.issue("alice", HOME).token(), null)).isEmpty();
    }

    @Test
    void dropsExpiredSessionsLazilyWhenIssuingNewOnes() {
        sessions.issue("alice", HOME);
        sessions.issue("bob", HOME);
        clock.advance(Duration.ofHours(13));
        assertThat(sessions.size()).isEqualTo(2);
        sessions.issue("carol", HOME);
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void neverPrintsTheToken() {
        Session session = sessions.issue("alice", HOME);
        assertThat(session.toString()).doesNotContain(session.token()).contains("alice");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
