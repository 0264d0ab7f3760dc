package netdisk.services.storage;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bytes that uploads in progress have claimed of their users' quotas, over both data paths
 * (UDP and TCP share one {@link Storage}, hence one of these).
 *
 * <p>Why: each upload used to be checked against the files already stored, so eight uploads of
 * 900,000 B started together under a 1 MiB quota stored 7,200,000 B (hardening finding 6). Now an
 * upload {@link #reserve reserves} its size when it starts (the TCP size, or the UDP tsize) under
 * one lock, against the stored files <em>and</em> every other reservation of that user; one
 * without a size grows its reservation as its bytes arrive. The reservation is released when the
 * upload ends, after a finished file has taken its place (for that moment it counts twice, never
 * zero times). The room left for an upload is the quota less the user's other files (a file it
 * replaces counts as free, see {@link Quota#roomFor}) less the other reservations.
 */
public final class UploadReservations {

    /** Held bytes per user, of every upload in progress. */
    private final Map<String, Long> reserved = new HashMap<>();

    /**
     * Claims {@code bytes} of {@code user}'s quota for an upload of {@code name}; with no limit it
     * claims nothing.
     *
     * @throws QuotaExceededException when they do not fit; nothing is claimed then
     */
    public Reservation reserve(Quota quota, String user, UserFolder folder, String name, long bytes)
            throws QuotaExceededException, IOException, InvalidNameException {
        Objects.requireNonNull(user, "user");
        if (bytes < 0) {
            throw new IllegalArgumentException("a reservation cannot be negative: " + bytes);
        }
        if (quota.limitFor(user).isEmpty()) {
            return Reservation.UNLIMITED;
        }
        synchronized (this) {
            long room = roomLeft(quota, user, folder, name, 0);
            if (bytes > room) {
                throw new QuotaExceededException(bytes, room);
            }
            reserved.merge(user, bytes, Long::sum);
            return new Held(quota, user, folder, name, bytes);
        }
    }

    /** Bytes held for {@code user}'s uploads in progress now. */
    public synchronized long reservedFor(String user) {
        return reserved.getOrDefault(user, 0L);
    }

    /** Room for {@code name}, not counting {@code own} bytes that are this upload's own reservation. Lock held. */
    private long roomLeft(Quota quota, String user, UserFolder folder, String name, long own)
            throws IOException, InvalidNameException {
        long others = reserved.getOrDefault(user, 0L) - own;
        return Math.max(0, quota.roomFor(user, folder, name) - others);
    }

    /** An upload's claim on its user's quota. Closing it gives the bytes back; closing twice is harmless. */
    public sealed interface Reservation extends AutoCloseable {

        /** Without a quota: nothing to hold, everything fits. */
        Reservation UNLIMITED = new Unlimited();

        /** Bytes held now. */
        long held();

        /**
         * Holds at least {@code needed} bytes in all, and up to {@code wanted} if they fit in
         * half of the room beyond {@code needed} (fewer trips to the lock and the folder).
         *
         * @throws QuotaExceededException when {@code needed} does not fit; the claim stays as it was
         */
        void growTo(long needed, long wanted) throws QuotaExceededException, IOException, InvalidNameException;

        @Override
        void close();
    }

    private record Unlimited() implements Reservation {
        @Override
        public long held() {
            return Long.MAX_VALUE;
        }

        @Override
        public void growTo(long needed, long wanted) {
            // Everything fits.
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }

    private final class Held implements Reservation {
        private final Quota quota;
        private final String user;
        private final UserFolder folder;
        private final String name;
        private long bytes;
        private boolean closed;

        Held(Quota quota, String user, UserFolder folder, String name, long bytes) {
            this.quota = quota;
            this.user = user;
            this.folder = folder;
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        public long held() {
            synchronized (UploadReservations.this) {
                return bytes;
            }
        }

        @Override
        public void growTo(long needed, long wanted) throws QuotaExceededException, IOException, InvalidNameException {
            synchronized (UploadReservations.this) {
                if (closed || needed <= bytes) {
                    return;
                }
                long room = roomLeft(quota, user, folder, name, bytes);
                if (needed > room) {
                    throw new QuotaExceededException(needed, room);
                }
                // Never more than half of what is left beyond the need: uploads without a size
                // that run together each get room, and only the last bytes go a block at a time.
                long target = Math.max(needed, Math.min(wanted, needed + (room - needed) / 2));
                reserved.merge(user, target - bytes, Long::sum);
                bytes = target;
            }
        }

        @Override
        public void close() {
            synchronized (UploadReservations.this) {
                if (closed) {
                    return;
                }
                closed = true;
                reserved.computeIfPresent(user, (u, held) -> held - bytes == 0 ? null : held - bytes);
            }
        }
    }
}
