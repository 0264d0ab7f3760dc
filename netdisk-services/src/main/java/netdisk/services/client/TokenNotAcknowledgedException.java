package netdisk.services.client;

import java.io.IOException;

/**
 * A request carried a session token but the server did not acknowledge it: a stock TFTP server
 * (it ignores unknown options, RFC 2347) or one that dropped our options. Nothing was read or
 * sent, so a public file of the same name is never mistaken for the user's own.
 */
public final class TokenNotAcknowledgedException extends IOException {

    public TokenNotAcknowledgedException(String message) {
        super(message);
    }
}
