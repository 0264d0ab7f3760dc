package netdisk.services.accounts;

import java.time.Duration;
import java.util.Objects;

/** A refused account operation, with a stable reason the control channel maps to its error code. */
public final class AccountException extends Exception {

    /** Why. */
    public enum Reason {
        /** The name is not 1–32 of {@code [A-Za-z0-9._-]}, or is only dots. */
        NAME_INVALID,
        /** Another user has this name (ignoring case). */
        NAME_TAKEN,
        /** The password is shorter than the minimum (or absurdly long). */
        PASSWORD_INVALID,
        /** Wrong password or unknown user: deliberately indistinguishable. */
        AUTH_FAILED,
        /** Too many failed logins for this name or address: wait {@link #retryAfter()}. */
        THROTTLED,
        /** The token is unknown, expired, revoked or used from another address. */
        TOKEN_INVALID,
        /** The registry could not be written; nothing changed. */
        STORE_FAILED
    }

    private final Reason reason;
    private final Duration retryAfter;

    public AccountException(Reason reason, String message) {
        this(reason, message, Duration.ZERO);
    }

    public AccountException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#THROTTLED}: how long to wait; zero otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
