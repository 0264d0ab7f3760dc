package netdisk.services.accounts;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import netdisk.services.accounts.AccountException.Reason;

/**
 * Limits registrations per client address: {@code burst} at once, then one per {@code interval}
 * (a token bucket). Why: every registration costs a PBKDF2 hash and a registry write; a probe made
 * 56 in 10 s from one client, and a correct login meanwhile took 8.7 s instead of 0.22 s
 * (hardening finding 8). An administrator creating a handful of accounts from one machine is not
 * slowed. Only registrations that will hash count: a bad name, a short password or a taken name
 * is refused before, at no cost. Thread-safe.
 */
public final class RegistrationThrottle {

    private final int burst;
    private final Duration interval;
    private final Clock clock;
    /** Per address: when its bucket is full again (it holds {@code burst} tokens at that instant). */
    private final Map<InetAddress, Instant> fullAt = new HashMap<>();

    public RegistrationThrottle(int burst, Duration interval, Clock clock) {
        if (burst < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("burst and interval must be positive");
        }
        this.burst = burst;
        this.interval = interval;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static RegistrationThrottle of(AccountSettings settings) {
        return new RegistrationThrottle(settings.registrationBurst(), settings.registrationInterval(),
                settings.clock());
    }

    /**
     * Takes one registration from {@code from}'s allowance.
     *
     * @throws AccountException {@link Reason#THROTTLED} with the wait until the next one
     */
    public synchronized void acquire(InetAddress from) throws AccountException {
        Instant now = clock.instant();
        sweep(now);
        Instant full = fullAt.getOrDefault(from, now);
        if (full.isBefore(now)) {
            full = now;
        }
        // The bucket is empty once it is full only burst intervals from now.
        Instant emptyUntil = full.minus(interval.multipliedBy(burst - 1L));
        if (emptyUntil.isAfter(now)) {
            Duration wait = Duration.between(now, emptyUntil);
            throw new AccountException(Reason.THROTTLED, "too many registrations from your address; try again in "
                    + seconds(wait) + " s", wait);
        }
        fullAt.put(from, full.plus(interval));
    }

    private void sweep(Instant now) {
        if (fullAt.size() < 1024) {
            return;
        }
        for (Iterator<Instant> it = fullAt.values().iterator(); it.hasNext(); ) {
            if (!it.next().isAfter(now)) {
                it.remove();
            }
        }
    }

    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
