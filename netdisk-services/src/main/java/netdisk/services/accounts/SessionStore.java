package netdisk.services.accounts;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live sessions, in memory (a restart logs everyone out). A token is 32 bytes from {@link
 * SecureRandom} in URL-safe Base64 without padding (43 characters: it travels in JSON and as a
 * TFTP option value). A session is valid until its expiry and only for the address that logged
 * in; logout revokes it. Expired sessions are dropped when met and, at most once a minute, in a
 * sweep when a new one is issued.
 *
 * <p>Sessions are found by the SHA-256 of the token, not the token: a hash-map lookup then leaks
 * nothing through its timing about tokens that exist, and a heap dump holds no usable token.
 * Thread-safe.
 */
public final class SessionStore {

    static final int TOKEN_BYTES = 32;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, Session> byDigest = new ConcurrentHashMap<>();
    private volatile Instant nextSweep;

    public SessionStore(Duration lifetime, Clock clock) {
        this(lifetime, clock, new SecureRandom());
    }

    SessionStore(Duration lifetime, Clock clock, SecureRandom random) {
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.nextSweep = clock.instant().plus(SWEEP_EVERY);
    }

    /** A new session for {@code user}, valid from {@code from} until now + lifetime. */
    public Session issue(String user, InetAddress from) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(from, "from");
        Instant now = clock.instant();
        sweepIfDue(now);
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        Session session = new Session(TOKEN_ENCODING.encodeToString(bytes), user, from, now.plus(lifetime));
        byDigest.put(digest(session.token()), session);
        return session;
    }

    /** The session of {@code token} when it is live and was issued to {@code from}. */
    public Optional<Session> authenticate(String token, InetAddress from) {
        if (token == null || from == null) {
            return Optional.empty();
        }
        String key = digest(token);
        Session session = byDigest.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            byDigest.remove(key, session);
            return Optional.empty();
        }
        // A token seen from another address was copied; it stays valid for its owner.
        return session.address().equals(from) ? Optional.of(session) : Optional.empty();
    }

    /** Revokes {@code token}; unknown tokens are ignored. */
    public void revoke(String token) {
        if (token != null) {
            byDigest.remove(digest(token));
        }
    }

    /** Revokes every session of {@code user} (any case): a new password, or no account any more. */
    public void revokeAll(String user) {
        String key = UserNames.key(user);
        byDigest.values().removeIf(s -> UserNames.key(s.user()).equals(key));
    }

    /** How many sessions are held, expired ones not yet dropped included. */
    public int size() {
        return byDigest.size();
    }

    /** Drops every expired session now. */
    public void purgeExpired() {
        Instant now = clock.instant();
        byDigest.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }

    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        purgeExpired();
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
