package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.OptionalLong;

/**
 * How many bytes a user's files may take: optional, per user, none by default.
 *
 * <p>Usage is what {@link UserFolder#bytesUsed()} reports: the files a listing shows and the
 * failed uploads held for a resume, not uploads in progress. An upload replaces a file of the
 * same name and its held upload, so their bytes count as free for it. Uploads in progress hold their bytes in {@link UploadReservations}, so uploads
 * that run at once are checked against each other too.
 */
@FunctionalInterface
public interface Quota {

    /** No limit for anybody (the default). */
    Quota NONE = user -> OptionalLong.empty();

    /** The limit for {@code user} in bytes, or empty for none. */
    OptionalLong limitFor(String user);

    /** The same limit for every user. */
    static Quota everyUser(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a quota cannot be negative: " + bytes);
        }
        OptionalLong limit = OptionalLong.of(bytes);
        return user -> limit;
    }

    /**
     * How many bytes an upload of {@code name} may hold for {@code user}: the limit less what the
     * other files use (never below 0), or {@link Long#MAX_VALUE} without a limit.
     */
    default long roomFor(String user, UserFolder folder, String name) throws IOException, InvalidNameException {
        OptionalLong limit = limitFor(user);
        if (limit.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long replaced;
        try {
            replaced = folder.sizeOf(name);
        } catch (NoSuchFileException e) {
            replaced = 0;
        }
        // An upload of the name replaces its held upload too: completed, it removes it; failed,
        // it takes its place (or, continuing it, takes it over).
        replaced += folder.heldBytes(name);
        long othersUse = Math.max(0, folder.bytesUsed() - replaced);
        return Math.max(0, limit.getAsLong() - othersUse);
    }
}
