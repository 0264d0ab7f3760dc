package netdisk.services.accounts;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import netdisk.services.accounts.AccountException.Reason;

/**
 * Slows password guessing, per user name (ignoring case; unknown names too, so guessing does not
 * reveal which exist) and per client address (so one client cannot spray many names).
 *
 * <p>A key ({@code name:} or {@code addr:}) is locked once it has {@code failures} failed logins
 * within {@code window}: for {@code firstLock}, and each further failure doubles the lock up to
 * {@code maxLock}. While either the name or the address is locked, {@link #check} refuses with
 * {@link Reason#THROTTLED} and the time left, and the password is not even checked (so a locked
 * attempt is not a failure and does not extend the lock). A key is forgiven once it has been
 * quiet for {@code window} after its last failure and its last lock. A successful login clears
 * the name's record but not the address's: one valid account must not reset a client's count
 * against others.
 *
 * <p>Records of forgiven keys are dropped in a sweep, so guessing random names cannot grow the
 * map without bound for longer than a window. Thread-safe; no I/O under the lock.
 */
public final class LoginThrottle {

    private final int failures;
    private final Duration window;
    private final Duration firstLock;
    private final Duration maxLock;
    private final Clock clock;
    private final Map<String, Tally> tallies = new HashMap<>();
    private Instant nextSweep;

    public LoginThrottle(int failures, Duration window, Duration firstLock, Duration maxLock, Clock clock) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be positive: " + failures);
        }
        this.failures = failures;
        this.window = Objects.requireNonNull(window, "window");
        this.firstLock = Objects.requireNonNull(firstLock, "firstLock");
        this.maxLock = Objects.requireNonNull(maxLock, "maxLock");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextSweep = clock.instant().plus(window);
    }

    /** The throttle {@code settings} describe. */
    public static LoginThrottle of(AccountSettings settings) {
        return new LoginThrottle(settings.throttleFailures(), settings.throttleWindow(),
                settings.throttleFirstLock(), settings.throttleMaxLock(), settings.clock());
    }

    /**
     * Refuses a login attempt while {@code name} or {@code from} is locked.
     *
     * @throws AccountException {@link Reason#THROTTLED} with the longer of the two waits
     */
    public synchronized void check(String name, InetAddress from) throws AccountException {
        Instant now = clock.instant();
        Duration wait = max(remaining(nameKey(name), now), remaining(addressKey(from), now));
        if (!wait.isZero()) {
            throw new AccountException(Reason.THROTTLED,
                    "too many failed logins; try again in " + seconds(wait) + " s", wait);
        }
    }

    /** Records a failed login of {@code name} from {@code from}. */
    public synchronized void failed(String name, InetAddress from) {
        Instant now = clock.instant();
        sweepIfDue(now);
        tally(nameKey(name), now).fail(now);
        tally(addressKey(from), now).fail(now);
    }

    /** Records a successful login: {@code name} starts afresh. */
    public synchronized void succeeded(String name) {
        tallies.remove(nameKey(name));
    }

    /** How long {@code name} is still locked (zero when not); for tests and diagnostics. */
    public synchronized Duration lockedFor(String name) {
        return remaining(nameKey(name), clock.instant());
    }

    /** How long {@code from} is still locked (zero when not). */
    public synchronized Duration lockedFor(InetAddress from) {
        return remaining(addressKey(from), clock.instant());
    }

    synchronized int trackedKeys() {
        return tallies.size();
    }

    private Duration remaining(String key, Instant now) {
        Tally t = tallies.get(key);
        if (t == null || t.lockedUntil == null || !now.isBefore(t.lockedUntil)) {
            return Duration.ZERO;
        }
        return Duration.between(now, t.lockedUntil);
    }

    private Tally tally(String key, Instant now) {
        Tally t = tallies.computeIfAbsent(key, k -> new Tally());
        if (t.forgivenAt(now)) {
            t.reset();
        }
        return t;
    }

    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(window);
        for (Iterator<Tally> it = tallies.values().iterator(); it.hasNext(); ) {
            if (it.next().forgivenAt(now)) {
                it.remove();
            }
        }
    }

    private static String nameKey(String name) {
        return "name:" + UserNames.key(name == null ? "" : name);
    }

    private static String addressKey(InetAddress from) {
        return "addr:" + (from == null ? "" : from.getHostAddress());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Whole seconds, rounded up: "try again in 0 s" would be a lie. */
    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    /** One key's recent failures and lock. */
    private final class Tally {
        private final ArrayDeque<Instant> recent = new ArrayDeque<>();
        private Instant lastFailure;
        private Instant lockedUntil;
        private Duration lock;

        void fail(Instant now) {
            lastFailure = now;
            recent.addLast(now);
            Instant horizon = now.minus(window);
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
                recent.removeFirst();
            }
            if (lock != null) {
                // Already locked once: every further failure doubles the lock.
                lock = lock.multipliedBy(2);
                if (lock.compareTo(maxLock) > 0) {
                    lock = maxLock;
                }
            } else if (recent.size() >= failures) {
                lock = firstLock;
            } else {
                return;
            }
            lockedUntil = now.plus(lock);
            recent.clear();
        }

        /** Quiet for a whole window after both its last failure and the end of its lock. */
        boolean forgivenAt(Instant now) {
            Instant quietSince = lastFailure;
            if (lockedUntil != null && (quietSince == null || lockedUntil.isAfter(quietSince))) {
                quietSince = lockedUntil;
            }
            return quietSince == null || !now.isBefore(quietSince.plus(window));
        }

        void reset() {
            recent.clear();
            lastFailure = null;
            lockedUntil = null;
            lock = null;
        }
    }
}
