package netdisk.services.accounts;

import netdisk.services.accounts.AccountException.Reason;

/**
 * What a new password must be: at least the configured length and at most {@value #MAX_LENGTH}
 * characters (counted in code points, so an emoji is one). The upper bound keeps a request from
 * making the server hash megabytes; any character is allowed. Messages never quote the password.
 */
public final class PasswordRules {

    public static final int MAX_LENGTH = 1024;

    private final int minLength;

    public PasswordRules(int minLength) {
        if (minLength < 1 || minLength > MAX_LENGTH) {
            throw new IllegalArgumentException("minLength must be 1.." + MAX_LENGTH + ": " + minLength);
        }
        this.minLength = minLength;
    }

    public int minLength() {
        return minLength;
    }

    /** @throws AccountException {@link Reason#PASSWORD_INVALID} when too short or too long */
    public void check(String password) throws AccountException {
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < minLength) {
            throw new AccountException(Reason.PASSWORD_INVALID,
                    "a password needs at least " + minLength + " characters");
        }
        if (length > MAX_LENGTH) {
            throw new AccountException(Reason.PASSWORD_INVALID,
                    "a password has at most " + MAX_LENGTH + " characters");
        }
    }
}
