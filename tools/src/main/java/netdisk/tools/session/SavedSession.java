package netdisk.tools.session;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code netdisk login} leaves behind for the next commands: where the server is, who logged
 * in, and the token. Never the password.
 *
 * @param server {@code host:port} as the user typed it (or the default)
 * @param expiresAt when the server will stop accepting the token
 */
public record SavedSession(String server, String user, String token, Instant expiresAt) {

    public SavedSession {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs and error messages.
        return "SavedSession[server=" + server + ", user=" + user + ", expiresAt=" + expiresAt + "]";
    }
}
