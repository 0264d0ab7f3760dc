package netdisk.services.accounts;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A logged-in user: the token a login issued, bound to the address that logged in.
 *
 * @param token at least 128 random bits, URL-safe Base64 without padding
 */
public record Session(String token, String user, InetAddress address, Instant expiresAt) {

    public Session {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        // Never print a usable token: logs are read by more people than the user.
        return "Session[user=" + user + ", address=" + address.getHostAddress() + ", expiresAt=" + expiresAt + "]";
    }
}
