package netdisk.services.discovery;

/** A datagram that is not a discovery message this version reads (spec/discovery.md 2.3). */
public final class MalformedDiscoveryException extends Exception {

    /** What is wrong, named as in spec/discovery.md 2.3 and the vectors. */
    public enum Reason {
        /** Shorter than the 16-byte header. */
        TOO_SHORT,
        /** Not opcode 0x4E3F or 0x4E21: TFTP's, or nobody's. */
        NOT_DISCOVERY,
        /** The four bytes after the opcode are not "ndsk". */
        BAD_MAGIC,
        /** A version byte other than 1. */
        UNSUPPORTED_VERSION,
        /** An answer's last field does not end with NUL. */
        MISSING_NUL,
        /** A key that is not 1..16 of a-z, or a value that is not UTF-8. */
        BAD_STRING,
        /** A key twice. */
        DUPLICATE_FIELD,
        /** name, id, port, protocol or public missing. */
        MISSING_FIELD,
        /** A known field with a value out of its rules. */
        BAD_FIELD
    }

    private final Reason reason;

    public MalformedDiscoveryException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
