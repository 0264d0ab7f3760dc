package netdisk.services.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the registry.
 *
 * @param name as registered (case kept; unique ignoring case)
 * @param passwordHash {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}, never a password
 * @param home the user's folder, relative to the data folder ({@code users/<name>})
 * @param lastLogin {@code null} before the first login
 */
public record User(String name, String passwordHash, String home, Instant created, Instant lastLogin) {

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(created, "created");
    }

    @Override
    public String toString() {
        return "User[name=" + name + ", home=" + home + ", created=" + created + ", lastLogin=" + lastLogin + "]";
    }
}
