package netdisk.services.client;

/**
 * Where a download or an upload began, so that a user is told when a partial copy could not be
 * used. For a download the partial copy is the local one; for an upload it is the one the server
 * holds of a failed upload (spec/control.md 4.9).
 */
public enum StartedFrom {
    /** No partial copy was there (or less than a block of one, over UDP): from the first byte. */
    FRESH,
    /** A partial copy was continued (the server confirmed where). */
    RESUMED,
    /** A partial copy was there, but the remote file changed since (size, time or digest): from zero. */
    RESTARTED_REMOTE_CHANGED,
    /** A partial copy was there, but its record or data was missing or damaged: from zero. */
    RESTARTED_PARTIAL_UNUSABLE,
    /**
     * The server did not confirm the resume (no {@code netdisk-resume} in its OACK, or it
     * continued at 0; over TCP, its held upload went between the check and the upload): from zero.
     */
    RESTARTED_NOT_CONFIRMED,
    /**
     * An upload: the server holds part of an upload of this name and size, but it is not a
     * prefix of this file (its SHA-256 differs: the local file changed since): from zero.
     */
    RESTARTED_REMOTE_DIFFERS
}
