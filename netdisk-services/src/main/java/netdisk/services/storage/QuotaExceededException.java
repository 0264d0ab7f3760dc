package netdisk.services.storage;

/** An upload does not fit in what is left of its user's quota. */
public final class QuotaExceededException extends Exception {

    private final long room;

    QuotaExceededException(long wanted, long room) {
        super(wanted + " bytes exceed the " + room + " bytes left of your quota");
        this.room = room;
    }

    /** Bytes that were left for the upload. */
    public long room() {
        return room;
    }
}
