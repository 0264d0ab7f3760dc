package netdisk.services.client;

/** Where a download began, so that a user is told when a partial copy could not be used. */
public enum StartedFrom {
    /** No partial copy was there: from the first byte. */
    FRESH,
    /** A partial copy was continued (the server confirmed where). */
    RESUMED,
    /** A partial copy was there, but the remote file changed since (size, time or digest): from zero. */
    RESTARTED_REMOTE_CHANGED,
    /** A partial copy was there, but its record or data was missing or damaged: from zero. */
    RESTARTED_PARTIAL_UNUSABLE,
    /** The server did not confirm the resume (no {@code netdisk-resume} in its OACK): from zero. */
    RESTARTED_NOT_CONFIRMED
}
