package netdisk.services.storage;

/** An upload announced more bytes than the server's disk has free. */
public final class NotEnoughSpaceException extends Exception {

    private final long free;

    public NotEnoughSpaceException(long wanted, long free) {
        super(wanted + " bytes do not fit in the " + free + " bytes free on the server's disk");
        this.free = free;
    }

    /** Bytes that were free. */
    public long free() {
        return free;
    }
}
