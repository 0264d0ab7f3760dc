package netdisk.services.storage;

/** A file name that would reach outside the user's folder, or is not a plain name. */
public final class InvalidNameException extends Exception {

    public InvalidNameException(String message) {
        super(message);
    }
}
