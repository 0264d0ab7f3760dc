package netdisk.services.wire;

/**
 * Option names reserved for netdisk's own use (spec/protocol.md, "Extension options").
 *
 * <p>They ride as ordinary RFC 2347 options so stock peers still parse every packet; a stock
 * server ignores them, as RFC 2347 asks for unknown options. The transport passes them through
 * untouched (it lives in udp-transport, which knows nothing of accounts); their meaning is here.
 */
public final class ExtensionOptions {

    /** A session token from the TCP login; selects the user's folder. */
    public static final String TOKEN = "netdisk-token";

    /**
     * In a read request: how many whole blocks the client already holds. In a write request:
     * how many whole blocks of the server's held upload of that name and size to keep.
     */
    public static final String RESUME = "netdisk-resume";

    private ExtensionOptions() {}
}
