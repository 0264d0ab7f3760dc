package netdisk.services.client;

import java.util.Objects;

/**
 * What a server holds of a failed upload of a name and size, for a resume (spec/control.md
 * 4.12): the first {@code bytes} of the file, with their SHA-256.
 *
 * @param bytes bytes held, 0 when nothing is
 * @param sha256 the SHA-256 (lower-case hex) of those bytes; of no bytes when 0
 */
public record HeldUpload(long bytes, String sha256) {

    /** Nothing held. */
    public static final HeldUpload NONE = new HeldUpload(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    public HeldUpload {
        Objects.requireNonNull(sha256, "sha256");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes held: " + bytes);
        }
    }
}
