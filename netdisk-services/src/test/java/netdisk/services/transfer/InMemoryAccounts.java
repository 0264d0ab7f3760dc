package netdisk.services.transfer;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import netdisk.services.accounts.AccountException;
import netdisk.services.accounts.Accounts;
import netdisk.services.accounts.Session;
import netdisk.services.accounts.User;

/**
 * A test-only stand-in for the registry: any password, sessions in a map, bound to the login's
 * address as the real ones are. The end-to-end tests use the real accounts.
 */
public final class InMemoryAccounts implements Accounts {

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public User register(String name, String password) {
        User user = new User(name, "test-only", "users/" + name, Instant.now(), null);
        users.put(name, user);
        return user;
    }

    @Override
    public Session login(String name, String password, InetAddress from) throws AccountException {
        if (!users.containsKey(name)) {
            throw new AccountException(AccountException.Reason.AUTH_FAILED, "unknown user");
        }
        Session session = new Session(UUID.randomUUID().toString(), name, from, Instant.now().plusSeconds(3600));
        sessions.put(session.token(), session);
        return session;
    }

    /** Registers {@code name} and logs in from {@code from}: the token. */
    public String tokenFor(String name, InetAddress from) throws AccountException {
        register(name, "whatever1");
        return login(name, "whatever1", from).token();
    }

    @Override
    public void logout(String token) {
        sessions.remove(token);
    }

    @Override
    public Optional<Session> authenticate(String token, InetAddress from) {
        Session session = sessions.get(token);
        if (session == null || !session.address().equals(from) || session.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }
}
