package netdisk.udp.options;

/** Options that cannot be agreed on; the peer gets ERROR 8 (RFC 2347 §3). */
public final class OptionNegotiationException extends Exception {

    public OptionNegotiationException(String message) {
        super(message);
    }
}
