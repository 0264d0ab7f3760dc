package netdisk.services.client;

import java.io.IOException;

/** A finished download whose size or SHA-256 is not the server's; the bad copy was deleted. */
public final class DigestMismatchException extends IOException {

    public DigestMismatchException(String message) {
        super(message);
    }
}
