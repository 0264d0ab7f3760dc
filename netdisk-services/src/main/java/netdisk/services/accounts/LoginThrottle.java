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
 * Slows password guessing without letting the guesser lock the owner out (hardening finding 7:
 * an attacker who honoured {@code retryAfterMs} kept an account locked from every address).
 * Three records, user names compared ignoring case (unknown names too, so guessing does not
 * reveal which exist):
 *
 * <ul>
 *   <li><b>name and address</b> ({@code pair:}): locked once it has {@code failures} failed logins
 *       within {@code window}, for {@code firstLock}, each further failure doubling the lock up to
 *       {@code maxLock}. The guesser's own pair is locked; the owner's, from their address, is not.
 *   <li><b>address</b> ({@code addr:}): the same rule, so one client cannot spray many names.
 *   <li><b>name</b>, from anywhere ({@code name:}): never locked. Once it has {@code failures}
 *       failures within {@code window}, its attempts are spaced {@link #NAME_SPACING} apart:
 *       {@link #check} returns how long this attempt waits for its turn. Guessing from many
 *       addresses is held to one try a second; the owner waits a moment, at most
 *       {@link #MAX_NAME_WAIT} (beyond it: THROTTLED, try again shortly), and is never locked.
 * </ul>
 *
 * <p>While the pair or the address is locked, {@link #check} refuses with {@link
 * Reason#THROTTLED} and the time left, and the password is not checked (a locked attempt is not a
 * failure and does not extend the lock). A record is forgiven once it has been quiet for
 * {@code window} after its last failure and its last lock. A successful login clears its pair's
 * record only: one valid account must not reset a client's count against others, nor a name's
 * spacing while someone else guesses it.
 *
 * <p>Forgiven records are dropped in a sweep, so guessing random names cannot grow the map
 * without bound for longer than a window. Thread-safe; no I/O and no waiting under the lock.
 */
public final class LoginThrottle {

    /** Between two attempts on a name under attack. */
    static final Duration NAME_SPACING = Duration.ofSeconds(1);
    /** The longest an attempt waits for its turn; later than that it is refused, to try again. */
    static final Duration MAX_NAME_WAIT = Duration.ofSeconds(10);

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
     * Admits a login attempt of {@code name} from {@code from}, or refuses it.
     *
     * @return how long the attempt must wait for its turn before the password is checked (zero
     *     unless the name is under attack); the turn is taken
     * @throws AccountException {@link Reason#THROTTLED} with the wait, while the pair or the
     *     address is locked, or when the name's next turn is too far away
     */
    public synchronized Duration check(String name, InetAddress from) throws AccountException {
        Instant now = clock.instant();
        Duration wait = max(remaining(pairKey(name, from), now), remaining(addressKey(from), now));
        if (!wait.isZero()) {
            throw new AccountException(Reason.THROTTLED,
                    "too many failed logins; try again in " + seconds(wait) + " s", wait);
        }
        Tally heat = tallies.get(nameKey(name));
        if (heat == null || heat.failuresWithinWindow(now) < failures) {
            return Duration.ZERO;
        }
        Instant turn = heat.nextTurn == null || heat.nextTurn.isBefore(now) ? now : heat.nextTurn;
        Duration untilTurn = Duration.between(now, turn);
        if (untilTurn.compareTo(MAX_NAME_WAIT) > 0) {
            Duration retry = untilTurn.minus(MAX_NAME_WAIT);
            throw new AccountException(Reason.THROTTLED, "many failed logins for this name from elsewhere; "
                    + "try again in " + seconds(retry) + " s", retry);
        }
        heat.nextTurn = turn.plus(NAME_SPACING);
        return untilTurn;
    }

    /** Records a failed login of {@code name} from {@code from}. */
    public synchronized void failed(String name, InetAddress from) {
        Instant now = clock.instant();
        sweepIfDue(now);
        tally(pairKey(name, from), now).fail(now, true);
        tally(addressKey(from), now).fail(now, true);
        tally(nameKey(name), now).fail(now, false);
    }

    /** Records a successful login: {@code name} from {@code from} starts afresh. */
    public synchronized void succeeded(String name, InetAddress from) {
        tallies.remove(pairKey(name, from));
    }

    /** How long {@code name} from {@code from} is still locked (zero when not); for tests and diagnostics. */
    public synchronized Duration lockedFor(String name, InetAddress from) {
        return remaining(pairKey(name, from), clock.instant());
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

    private static String pairKey(String name, InetAddress from) {
        return "pair:" + UserNames.key(name == null ? "" : name) + "|" + (from == null ? "" : from.getHostAddress());
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
        /** For a name under attack: when its next attempt may go. */
        private Instant nextTurn;

        /** @param locks whether enough failures lock this key (pairs, addresses) or only count (names) */
        void fail(Instant now, boolean locks) {
            lastFailure = now;
            recent.addLast(now);
            Instant horizon = now.minus(window);
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
                recent.removeFirst();
            }
            if (!locks) {
                return;
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

        int failuresWithinWindow(Instant now) {
            Instant horizon = now.minus(window);
            return (int) recent.stream().filter(t -> t.isAfter(horizon)).count();
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
            nextTurn = null;
        }
    }
}
