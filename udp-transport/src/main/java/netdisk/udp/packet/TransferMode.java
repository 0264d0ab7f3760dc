package netdisk.udp.packet;

import java.util.Locale;

/**
 * The transfer mode of a request (RFC 1350 §1). Names are matched case-insensitively on the wire.
 *
 * <p>{@code mail} decodes (it is legal syntax) but servers refuse it: RFC 1350 itself calls it
 * obsolete.
 */
public enum TransferMode {
    /** 8-bit ASCII with CR LF line ends and CR NUL for a bare CR (RFC 764). */
    NETASCII("netascii"),
    /** Raw 8-bit bytes. */
    OCTET("octet"),
    /** Obsolete; refused. */
    MAIL("mail");

    private final String wireName;

    TransferMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The mode named {@code name} (any case), or {@code null} when there is none. */
    public static TransferMode parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (TransferMode m : values()) {
            if (m.wireName.equals(lower)) {
                return m;
            }
        }
        return null;
    }
}
