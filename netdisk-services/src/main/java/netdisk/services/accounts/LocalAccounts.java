package netdisk.services.accounts;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import netdisk.services.accounts.AccountException.Reason;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Accounts} of one server: users in {@code <data>/users.xlsx} ({@link ExcelUserRegistry}),
 * their folders in {@link Storage}, sessions in memory ({@link SessionStore}), failed logins
 * slowed by {@link LoginThrottle}.
 *
 * <p>Login answers a wrong password and an unknown name with the same {@link Reason#AUTH_FAILED}
 * message after the same hashing work, so neither the answer nor its timing tells which names
 * exist. (Registration does tell, with {@link Reason#NAME_TAKEN}: a name cannot be both free to
 * take and secret.) Passwords are never logged nor put into messages. Thread-safe.
 */
public final class LocalAccounts implements Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAccounts.class);
    static final String AUTH_FAILED_MESSAGE = "wrong user name or password";

    private final Storage storage;
    private final ExcelUserRegistry registry;
    private final AccountSettings settings;
    private final PasswordHasher hasher;
    private final PasswordRules rules;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final RegistrationThrottle registrations;
    /** Makes "name free? create the home, add the row" one step among registrations. */
    private final ReentrantLock registration = new ReentrantLock();

    LocalAccounts(Storage storage, ExcelUserRegistry registry, AccountSettings settings) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hasher = new PasswordHasher(settings.iterations());
        this.rules = new PasswordRules(settings.minPasswordLength());
        this.sessions = new SessionStore(settings.tokenLifetime(), settings.clock());
        this.throttle = LoginThrottle.of(settings);
        this.registrations = RegistrationThrottle.of(settings);
    }

    /**
     * The accounts of {@code storage}'s data folder, the registry at {@code <data>/users.xlsx}
     * (created empty when missing).
     *
     * @throws RegistryUnreadableException when the registry exists but cannot be used: the server
     *     must not start
     */
    public static LocalAccounts open(Storage storage, AccountSettings settings) throws IOException {
        return open(storage, settings, RegistryWriteHook.NONE);
    }

    static LocalAccounts open(Storage storage, AccountSettings settings, RegistryWriteHook hook) throws IOException {
        Path file = storage.dataFolder().resolve(ExcelUserRegistry.FILE_NAME);
        return new LocalAccounts(storage, ExcelUserRegistry.open(file, hook), settings);
    }

    /**
     * Registers {@code name}. The steps are ordered so that nothing half-exists: the home folder
     * is created first and the registry row written last, so a row never points at a missing
     * folder; when the row cannot be written the folder is removed again if this call created it
     * (and is still empty). At worst an empty folder is left, which is no account: {@link
     * Storage#folderOf} would create it anyway. A folder that already exists (left by a crash
     * between the two steps, or made by hand) is taken over as it is.
     */
    /** The cheap refusals first (they cost no hash and no allowance), then the address's allowance. */
    @Override
    public User register(String name, String password, InetAddress from) throws AccountException {
        Objects.requireNonNull(from, "from");
        UserNames.check(name);
        rules.check(password);
        if (registry.find(name).isPresent()) {
            throw taken(name);
        }
        registrations.acquire(from);
        return register(name, password);
    }

    @Override
    public User register(String name, String password) throws AccountException {
        UserNames.check(name);
        rules.check(password);
        if (registry.find(name).isPresent()) {
            throw taken(name);
        }
        // The slow part, outside the lock, so concurrent registrations hash in parallel.
        String hash = hasher.hash(password);
        registration.lock();
        try {
            if (registry.find(name).isPresent()) {
                throw taken(name);
            }
            String home;
            Path folder = storage.usersFolder().resolve(name);
            boolean existed = Files.isDirectory(folder);
            try {
                home = Storage.homeOf(name);
                storage.createHome(name);
            } catch (IOException | InvalidNameException e) {
                LOG.warn("registration of {} failed: cannot create its folder {}: {}", name, folder, e.toString());
                throw new AccountException(Reason.STORE_FAILED,
                        "could not create the user's folder; nothing was registered");
            }
            User user = new User(name, hash, home, now(), null);
            try {
                if (!registry.add(user)) {
                    throw taken(name); // unreachable while registrations hold the lock; kept as a guard
                }
            } catch (IOException e) {
                if (!existed) {
                    removeEmptyFolder(folder);
                }
                LOG.warn("registration of {} failed: cannot write {}: {}", name, registry.file(), e.toString());
                throw new AccountException(Reason.STORE_FAILED,
                        "could not write the user registry; nothing was registered");
            }
            LOG.info("registered user {} (home {})", name, home);
            return user;
        } finally {
            registration.unlock();
        }
    }

    @Override
    public Session login(String name, String password, InetAddress from) throws AccountException {
        String registered = checkPassword(name, password, from).name();
        recordLogin(registered);
        Session session = sessions.issue(registered, from);
        LOG.info("{} logged in from {}", registered, from.getHostAddress());
        return session;
    }

    @Override
    public void changePassword(Session session, String password, String newPassword, InetAddress from)
            throws AccountException {
        rules.check(newPassword); // cheap, and costs no attempt
        User user = checkPassword(session.user(), password, from);
        String hash = hasher.hash(newPassword);
        try {
            if (registry.update(user.name(), u -> new User(u.name(), hash, u.home(), u.created(), u.lastLogin()))
                    .isEmpty()) {
                throw new AccountException(Reason.AUTH_FAILED, AUTH_FAILED_MESSAGE); // removed meanwhile
            }
        } catch (IOException e) {
            LOG.warn("password change of {} failed: cannot write {}: {}", user.name(), registry.file(), e.toString());
            throw new AccountException(Reason.STORE_FAILED, "could not write the user registry; the password is unchanged");
        }
        sessions.revokeAll(user.name());
        LOG.info("{} changed their password from {}; every session ended", user.name(), from.getHostAddress());
    }

    @Override
    public void unregister(Session session, String password, boolean keepFiles, InetAddress from)
            throws AccountException {
        User user = checkPassword(session.user(), password, from);
        registration.lock(); // not while a registration of the same name is between its steps
        try {
            if (!registry.remove(user.name())) {
                throw new AccountException(Reason.AUTH_FAILED, AUTH_FAILED_MESSAGE); // removed meanwhile
            }
        } catch (IOException e) {
            LOG.warn("removal of {} failed: cannot write {}: {}", user.name(), registry.file(), e.toString());
            throw new AccountException(Reason.STORE_FAILED, "could not write the user registry; nothing was removed");
        } finally {
            registration.unlock();
        }
        sessions.revokeAll(user.name());
        String kept = "";
        try {
            if (keepFiles) {
                // Out of users/: left there, the files went to whoever registered the name next.
                Path aside = storage.setAsideHome(user.name());
                kept = aside == null ? "" : ", files kept in " + storage.dataFolder().relativize(aside);
            } else {
                storage.removeHome(user.name());
            }
        } catch (IOException | InvalidNameException e) {
            // The account is gone either way; what is left is the owner's to clear.
            LOG.warn("{} unregistered, but its folder could not be {}: {}", user.name(),
                    keepFiles ? "set aside" : "removed", e.toString());
        }
        LOG.info("{} unregistered from {}{}", user.name(), from.getHostAddress(), kept);
    }

    /**
     * Whether {@code password} is {@code name}'s, within the throttle: the one check behind login,
     * a password change and unregistering.
     */
    private User checkPassword(String name, String password, InetAddress from) throws AccountException {
        Objects.requireNonNull(from, "from");
        waitForTurn(throttle.check(name, from));
        Optional<User> user = registry.find(name);
        boolean valid;
        if (user.isEmpty() || password == null || password.length() > 2 * PasswordRules.MAX_LENGTH) {
            hasher.burn(password); // the same work as a real check: timing must not reveal names
            valid = false;
        } else {
            valid = hasher.verify(password, user.get().passwordHash());
        }
        if (!valid) {
            throttle.failed(name, from);
            // An unknown name is not logged: people type their password into the name field.
            LOG.info("failed login for {} from {}", user.isPresent() ? user.get().name() : "an unknown user",
                    from.getHostAddress());
            throw new AccountException(Reason.AUTH_FAILED, AUTH_FAILED_MESSAGE);
        }
        throttle.succeeded(name, from);
        return user.get();
    }

    /** A name under attack: this attempt waits its turn (a virtual thread, so the wait is cheap). */
    private static void waitForTurn(Duration wait) throws AccountException {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountException(Reason.THROTTLED, "interrupted while waiting to check the password", wait);
        }
    }

    @Override
    public void logout(String token) {
        sessions.revoke(token);
    }

    @Override
    public Optional<Session> authenticate(String token, InetAddress from) {
        return sessions.authenticate(token, from);
    }

    /** The user called {@code name}, ignoring case. */
    public Optional<User> find(String name) {
        return registry.find(name);
    }

    /** Every registered user, in registration order. */
    public List<User> users() {
        return registry.users();
    }

    /** Where the registry lives (for the server's startup message). */
    public Path registryFile() {
        return registry.file();
    }

    public AccountSettings settings() {
        return settings;
    }

    /** The shortest password {@link #register} accepts (the control channel's hello announces it). */
    public int minPasswordLength() {
        return rules.minLength();
    }

    /**
     * Writes the login time through. A failure to write it is logged and the login still
     * succeeds: the password was right, and last_login is bookkeeping, not access control.
     */
    private void recordLogin(String name) {
        Instant at = now();
        try {
            registry.update(name, u -> new User(u.name(), u.passwordHash(), u.home(), u.created(), at));
        } catch (IOException e) {
            LOG.warn("could not record the login of {} in {}: {}", name, registry.file(), e.toString());
        }
    }

    private Instant now() {
        // Whole seconds: the registry is read by people too.
        return settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static AccountException taken(String name) {
        return new AccountException(Reason.NAME_TAKEN, "the user name \"" + name + "\" is taken");
    }

    private static void removeEmptyFolder(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (DirectoryNotEmptyException e) {
            // Someone put something there meanwhile: not ours to delete.
        } catch (IOException e) {
            LOG.warn("could not remove {} after a failed registration: {}", folder, e.toString());
        }
    }
}
