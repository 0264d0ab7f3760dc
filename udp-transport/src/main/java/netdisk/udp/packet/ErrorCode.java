package netdisk.udp.packet;

/** ERROR packet codes: 0–7 from RFC 1350 §5 (Appendix), 8 from RFC 2347 §3. */
public enum ErrorCode {
    NOT_DEFINED(0, "not defined"),
    FILE_NOT_FOUND(1, "file not found"),
    ACCESS_VIOLATION(2, "access violation"),
    DISK_FULL(3, "disk full or allocation exceeded"),
    ILLEGAL_OPERATION(4, "illegal TFTP operation"),
    UNKNOWN_TRANSFER_ID(5, "unknown transfer ID"),
    FILE_EXISTS(6, "file already exists"),
    NO_SUCH_USER(7, "no such user"),
    /** RFC 2347: the receiver of an OACK (or a request's options) refuses the negotiation. */
    OPTION_NEGOTIATION(8, "option negotiation failed");

    private final int code;
    private final String label;

    ErrorCode(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The constant for {@code code}; codes without a defined meaning map to {@link #NOT_DEFINED}. */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return NOT_DEFINED;
    }
}
