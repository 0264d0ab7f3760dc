package netdisk.services.accounts;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Everything the server asks of accounts: register, log in and out, check a token.
 * Implementations are thread-safe.
 */
public interface Accounts {

    /**
     * Registers a user: records them in the registry (written through before returning) and
     * creates their folder.
     */
    User register(String name, String password) throws AccountException;

    /**
     * {@link #register(String, String)} for a client at {@code from}, within its address's
     * allowance of registrations ({@link AccountException.Reason#THROTTLED} beyond it).
     */
    User register(String name, String password, InetAddress from) throws AccountException;

    /** Checks the password (constant time) and issues a session bound to {@code from}. */
    Session login(String name, String password, InetAddress from) throws AccountException;

    /** Revokes the session of {@code token}; unknown tokens are ignored. */
    void logout(String token);

    /**
     * The live session of {@code token} when it was issued to {@code from}; empty when the token is
     * unknown, expired, revoked, or used from another address.
     */
    Optional<Session> authenticate(String token, InetAddress from);
}
