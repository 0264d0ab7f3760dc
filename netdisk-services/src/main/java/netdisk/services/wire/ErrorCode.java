package netdisk.services.wire;

import java.util.Optional;

/**
 * The stable error codes of the control channel (spec/control.md, "Errors"). Clients branch on
 * these names, so a constant is never renamed or reused; new ones may be added.
 */
public enum ErrorCode {
    /** The frame length is 0 or negative; the server closes after answering (it cannot resync). */
    BAD_FRAME,
    /** The frame length exceeds maxFrame; the server closes after answering. */
    FRAME_TOO_LARGE,
    /** The payload is not UTF-8 JSON, or not a JSON object. The connection stays usable. */
    BAD_JSON,
    /** A field is missing, of the wrong type or out of range. The connection stays usable. */
    BAD_REQUEST,
    /** The {@code op} is not one this server knows. The connection stays usable. */
    UNKNOWN_OP,
    /** The hello's version is not one this server speaks. */
    UNSUPPORTED_VERSION,
    /** A request came before a successful hello. */
    HELLO_REQUIRED,
    /** register: the user name is not 1-32 of {@code [A-Za-z0-9._-]}, or only dots. */
    NAME_INVALID,
    /** register: the name is taken (ignoring case). */
    NAME_TAKEN,
    /** register: the password is too short or too long. */
    PASSWORD_INVALID,
    /** login: wrong password or unknown user (deliberately indistinguishable). */
    AUTH_FAILED,
    /** login: too many failures for this name or address; see retryAfterMs. */
    THROTTLED,
    /** The token is unknown, expired, revoked or used from another address. */
    TOKEN_INVALID,
    /** No such file in the user's folder. */
    NOT_FOUND,
    /** The file name is not one plain name inside the user's folder. */
    FILE_NAME_INVALID,
    /** upload: the size exceeds the user's remaining quota; nothing was sent or written. */
    QUOTA_EXCEEDED,
    /** The server has too many connections; it closes after answering. */
    BUSY,
    /** A limit on time passed (hello, frame, idle, stalled stream); the server closes. */
    TIMEOUT,
    /** Something failed on the server; the message says what without leaking paths. */
    INTERNAL,
    /**
     * upload: the server's disk has no room for it, checked before any byte, or it filled while
     * the bytes came; nothing was stored, the old file is kept, the connection stays usable.
     */
    STORAGE_FULL;

    /** The constant named {@code wire}, or empty for a code this version does not know. */
    public static Optional<ErrorCode> fromWire(String wire) {
        for (ErrorCode code : values()) {
            if (code.name().equals(wire)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
