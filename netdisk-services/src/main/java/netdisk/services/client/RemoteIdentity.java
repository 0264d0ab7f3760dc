package netdisk.services.client;

import java.time.Instant;
import java.util.Objects;

/**
 * What the remote file is, as the control channel's {@code stat} describes it: a partial download
 * is only continued while the remote file is still this one, and the finished file must have this
 * digest.
 *
 * @param size bytes
 * @param modified the remote modification time
 * @param sha256 lower-case hex SHA-256 of the whole file
 */
public record RemoteIdentity(long size, Instant modified, String sha256) {

    public RemoteIdentity {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
    }
}
