package netdisk.services.accounts;

import java.util.Locale;
import java.util.regex.Pattern;
import netdisk.services.accounts.AccountException.Reason;
import netdisk.services.storage.FileNames;

/**
 * The names users may have: 1–32 of {@code [A-Za-z0-9._-]}, not only dots. A name is also the
 * name of the user's folder ({@code users/<name>}), so it must be a file name {@link FileNames}
 * accepts too: that refuses the few names of this alphabet that look like our upload part files
 * ({@code .x.0123456789abcdef.part}).
 *
 * <p>Names are unique ignoring case: {@link #key} is what the registry compares, so "Alice" and
 * "alice" cannot both exist (and cannot collide in a case-insensitive file system either).
 */
public final class UserNames {

    public static final int MAX_LENGTH = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");
    private static final Pattern ONLY_DOTS = Pattern.compile("\\.+");

    private UserNames() {}

    /** Whether {@code name} is an acceptable user name. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !ONLY_DOTS.matcher(name).matches()
                && FileNames.isValid(name);
    }

    /**
     * Returns {@code name} when acceptable.
     *
     * @throws AccountException {@link Reason#NAME_INVALID} saying what is allowed
     */
    public static String check(String name) throws AccountException {
        if (!isValid(name)) {
            throw new AccountException(Reason.NAME_INVALID,
                    "a user name is 1 to " + MAX_LENGTH + " of the letters A-Z a-z, digits 0-9, '.', '_' and '-',"
                            + " and not only dots");
        }
        return name;
    }

    /** What uniqueness compares: the name in lower case (ASCII only, so no locale surprises). */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
