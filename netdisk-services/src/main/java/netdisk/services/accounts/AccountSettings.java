package netdisk.services.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The tunable parts of accounts. {@link #defaults()} is what a server runs with; tests lower the
 * iteration count (hashing is the slow part) and inject a clock they can move.
 *
 * @param iterations PBKDF2 iterations for new hashes; stored hashes keep their own count
 * @param minPasswordLength shortest accepted password, in characters (code points)
 * @param tokenLifetime how long a session token stays valid after login
 * @param throttleFailures failed logins within {@code throttleWindow} that lock a name or address
 * @param throttleWindow the window failures are counted in; also how long a key must stay quiet
 *     after its last lock before it is forgiven
 * @param throttleFirstLock the first lock; each further failure doubles it
 * @param throttleMaxLock the longest lock
 * @param registrationBurst registrations one client address may make at once
 *     ({@link RegistrationThrottle})
 * @param registrationInterval and then one more per this interval
 * @param clock the time for expiry, throttling and the registry's created/last_login columns
 */
public record AccountSettings(
        int iterations,
        int minPasswordLength,
        Duration tokenLifetime,
        int throttleFailures,
        Duration throttleWindow,
        Duration throttleFirstLock,
        Duration throttleMaxLock,
        int registrationBurst,
        Duration registrationInterval,
        Clock clock) {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    public static final int DEFAULT_MIN_PASSWORD_LENGTH = 8;
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(12);

    public AccountSettings {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        if (minPasswordLength < 1 || minPasswordLength > PasswordRules.MAX_LENGTH) {
            throw new IllegalArgumentException("minPasswordLength must be 1.." + PasswordRules.MAX_LENGTH
                    + ": " + minPasswordLength);
        }
        requirePositive(tokenLifetime, "tokenLifetime");
        if (throttleFailures < 1) {
            throw new IllegalArgumentException("throttleFailures must be positive: " + throttleFailures);
        }
        requirePositive(throttleWindow, "throttleWindow");
        requirePositive(throttleFirstLock, "throttleFirstLock");
        requirePositive(throttleMaxLock, "throttleMaxLock");
        if (throttleMaxLock.compareTo(throttleFirstLock) < 0) {
            throw new IllegalArgumentException("throttleMaxLock is shorter than throttleFirstLock");
        }
        if (registrationBurst < 1) {
            throw new IllegalArgumentException("registrationBurst must be positive: " + registrationBurst);
        }
        requirePositive(registrationInterval, "registrationInterval");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * 600,000 iterations, 8-character passwords, 12-hour tokens, 5 failures in 5 minutes, 1 s..5 min
     * locks, 10 registrations from one address at once and then one every 6 s.
     */
    public static AccountSettings defaults() {
        return new AccountSettings(DEFAULT_ITERATIONS, DEFAULT_MIN_PASSWORD_LENGTH, DEFAULT_TOKEN_LIFETIME,
                5, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(5), 10, Duration.ofSeconds(6),
                Clock.systemUTC());
    }

    public AccountSettings withIterations(int iterations) {
        return new AccountSettings(iterations, minPasswordLength, tokenLifetime, throttleFailures, throttleWindow,
                throttleFirstLock, throttleMaxLock, registrationBurst, registrationInterval, clock);
    }

    public AccountSettings withMinPasswordLength(int minPasswordLength) {
        return new AccountSettings(iterations, minPasswordLength, tokenLifetime, throttleFailures, throttleWindow,
                throttleFirstLock, throttleMaxLock, registrationBurst, registrationInterval, clock);
    }

    public AccountSettings withTokenLifetime(Duration tokenLifetime) {
        return new AccountSettings(iterations, minPasswordLength, tokenLifetime, throttleFailures, throttleWindow,
                throttleFirstLock, throttleMaxLock, registrationBurst, registrationInterval, clock);
    }

    public AccountSettings withThrottle(int failures, Duration window, Duration firstLock, Duration maxLock) {
        return new AccountSettings(iterations, minPasswordLength, tokenLifetime, failures, window, firstLock,
                maxLock, registrationBurst, registrationInterval, clock);
    }

    /** At most {@code burst} registrations from one address at once, then one per {@code interval}. */
    public AccountSettings withRegistrationLimit(int burst, Duration interval) {
        return new AccountSettings(iterations, minPasswordLength, tokenLifetime, throttleFailures, throttleWindow,
                throttleFirstLock, throttleMaxLock, burst, interval, clock);
    }

    public AccountSettings withClock(Clock clock) {
        return new AccountSettings(iterations, minPasswordLength, tokenLifetime, throttleFailures, throttleWindow,
                throttleFirstLock, throttleMaxLock, registrationBurst, registrationInterval, clock);
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }
}
