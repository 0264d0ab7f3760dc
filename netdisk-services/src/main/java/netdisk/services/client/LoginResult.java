package netdisk.services.client;

import java.time.Instant;

/** A session: the token for later requests (TCP and UDP), bound to this client's address. */
public record LoginResult(String token, String user, Instant expiresAt) {

    @Override
    public String toString() {
        return "LoginResult[user=" + user + ", expiresAt=" + expiresAt + "]";
    }
}
