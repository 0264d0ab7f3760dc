package netdisk.udp.packet;

/**
 * A datagram that is not a well-formed TFTP packet. The only exception the codec throws.
 *
 * <p>{@link #reason()} is stable and machine-readable; the message names the rule broken, e.g.
 * {@code "MISSING_NUL: mode of RRQ is not NUL-terminated"}.
 */
public final class MalformedPacketException extends Exception {

    /** Why a datagram was refused. */
    public enum Reason {
        /** Fewer bytes than the packet kind needs (at least the 2-byte opcode and its fixed fields). */
        TOO_SHORT,
        /** More bytes than the packet kind allows (trailing bytes, or beyond the largest DATA). */
        TOO_LONG,
        /** The opcode is not 1–6 nor a flow-mode opcode. */
        UNKNOWN_OPCODE,
        /** A string field (filename, mode, option, message) is not NUL-terminated. */
        MISSING_NUL,
        /** A request names no file. */
        EMPTY_FILENAME,
        /** A string field is not valid in its encoding. */
        BAD_STRING,
        /** The mode is not netascii, octet or mail. */
        BAD_MODE,
        /** An option name without a value, an empty option name or the same option twice. */
        BAD_OPTION,
        /** A known option whose value is not a number in its range (RFC 2348, 2349, 7440). */
        BAD_OPTION_VALUE,
        /** A flow-mode packet whose numbers break its rules (block 0, ranges out of order ...). */
        BAD_FIELD;

        /** The ERROR code a peer should get for a request refused for this reason. */
        public ErrorCode errorCode() {
            return switch (this) {
                case BAD_OPTION, BAD_OPTION_VALUE -> ErrorCode.OPTION_NEGOTIATION;
                default -> ErrorCode.ILLEGAL_OPERATION;
            };
        }
    }

    private final Reason reason;

    public MalformedPacketException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
