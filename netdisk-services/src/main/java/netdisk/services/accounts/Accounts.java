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

    /**
     * Changes {@code session}'s user's password once {@code password} proves it is theirs (a wrong
     * one counts as a failed login from {@code from}, throttled alike), then ends every session
     * of the user, this one included.
     */
    void changePassword(Session session, String password, String newPassword, InetAddress from)
            throws AccountException;

    /**
     * Removes {@code session}'s user once {@code password} proves it is theirs: the registry row
     * first (nobody can log in as them from then on), every session, then their folder unless
     * {@code keepFiles}.
     */
    void unregister(Session session, String password, boolean keepFiles, InetAddress from) throws AccountException;

    /** Revokes the session of {@code token}; unknown tokens are ignored. */
    void logout(String token);

    /**
     * The live session of {@code token} when it was issued to {@code from}; empty when the token is
     * unknown, expired, revoked, or used from another address.
     */
    Optional<Session> authenticate(String token, InetAddress from);
}
