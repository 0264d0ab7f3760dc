package netdisk.services.control;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import netdisk.services.accounts.AccountException;
import netdisk.services.accounts.AccountException.Reason;
import netdisk.services.accounts.Accounts;
import netdisk.services.accounts.Session;
import netdisk.services.accounts.User;
import netdisk.services.storage.Storage;

/**
 * A test-only {@link Accounts}: the rules of the real one (names, minimum password, tokens bound
 * to an address, a throttle) without the workbook or the hash cost. Passwords kept in plain
 * text, which is fine in a test and the reason this never leaves src/test.
 */
public final class InMemoryAccounts implements Accounts {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final Storage storage;
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile int throttleAfter = Integer.MAX_VALUE;

    public InMemoryAccounts(Storage storage) {
        this.storage = storage;
    }

    /** Failed logins of one name after which login answers THROTTLED. */
    public InMemoryAccounts throttleAfter(int failures) {
        this.throttleAfter = failures;
        return this;
    }

    @Override
    public User register(String name, String password, InetAddress from) throws AccountException {
        return register(name, password);
    }

    @Override
    public User register(String name, String password) throws AccountException {
        if (!NAME.matcher(name).matches() || name.chars().allMatch(c -> c == '.')) {
            throw new AccountException(Reason.NAME_INVALID, "user name must be 1-32 of A-Z a-z 0-9 . _ -");
        }
        if (password.length() < 8 || password.length() > 1024) {
            throw new AccountException(Reason.PASSWORD_INVALID, "password must be 8 to 1024 characters");
        }
        String key = name.toLowerCase(Locale.ROOT);
        User user = new User(name, "fake$" + key, "users/" + name, Instant.now(), null);
        if (users.putIfAbsent(key, user) != null) {
            throw new AccountException(Reason.NAME_TAKEN, "user name " + name + " is taken");
        }
        passwords.put(key, password);
        try {
            storage.createHome(name);
        } catch (Exception e) {
            throw new AccountException(Reason.STORE_FAILED, "cannot create folder");
        }
        return user;
    }

    @Override
    public Session login(String name, String password, InetAddress from) throws AccountException {
        String key = name.toLowerCase(Locale.ROOT);
        if (failures.getOrDefault(key, 0) >= throttleAfter) {
            throw new AccountException(Reason.THROTTLED, "too many failed logins; try again later",
                    Duration.ofSeconds(4));
        }
        User user = users.get(key);
        if (user == null || !password.equals(passwords.get(key))) {
            failures.merge(key, 1, Integer::sum);
            throw new AccountException(Reason.AUTH_FAILED, "wrong user name or password");
        }
        failures.remove(key);
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Session session = new Session(token, user.name(), from, Instant.now().plus(Duration.ofHours(12)));
        sessions.put(token, session);
        return session;
    }

    @Override
    public void changePassword(Session session, String password, String newPassword, InetAddress from)
            throws AccountException {
        String key = session.user().toLowerCase(Locale.ROOT);
        if (newPassword.length() < 8 || newPassword.length() > 1024) {
            throw new AccountException(Reason.PASSWORD_INVALID, "password must be 8 to 1024 characters");
        }
        if (!password.equals(passwords.get(key))) {
            throw new AccountException(Reason.AUTH_FAILED, "wrong user name or password");
        }
        passwords.put(key, newPassword);
        sessions.values().removeIf(s -> s.user().equalsIgnoreCase(session.user()));
    }

    @Override
    public void unregister(Session session, String password, boolean keepFiles, InetAddress from)
            throws AccountException {
        String key = session.user().toLowerCase(Locale.ROOT);
        if (!password.equals(passwords.get(key))) {
            throw new AccountException(Reason.AUTH_FAILED, "wrong user name or password");
        }
        users.remove(key);
        passwords.remove(key);
        sessions.values().removeIf(s -> s.user().equalsIgnoreCase(session.user()));
    }

    @Override
    public void logout(String token) {
        sessions.remove(token);
    }

    @Override
    public Optional<Session> authenticate(String token, InetAddress from) {
        Session s = sessions.get(token);
        if (s == null || !s.address().equals(from) || s.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }
}
