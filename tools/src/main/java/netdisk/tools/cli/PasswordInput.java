package netdisk.tools.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a password comes from: typed on the terminal without echo, or the first line of standard
 * input with {@code --password-stdin} (as {@code docker login} does). Never a command-line
 * argument: those end up in shell history and in {@code ps} for every user to read.
 */
final class PasswordInput {

    private PasswordInput() {}

    /**
     * The password for {@code user}, from standard input or asked on the terminal (twice, and the
     * two must match, with {@code confirm}).
     */
    static char[] read(CliEnvironment env, String user, boolean fromStdin, boolean confirm, String command)
            throws IOException, CliFailure {
        if (fromStdin) {
            return fromStdin(env.stdin());
        }
        if (!env.terminal().interactive()) {
            throw new CliFailure(ExitCodes.USAGE, "no terminal to ask for " + user + "'s password: pipe it in with "
                    + "--password-stdin, e.g. `netdisk " + command + " " + user + " --password-stdin < FILE`");
        }
        return prompt(env.terminal(), user, confirm);
    }

    /** The first line of {@code in}, without its line ending; an empty input is an error. */
    static char[] fromStdin(InputStream in) throws IOException, CliFailure {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || line.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, "--password-stdin: standard input held no password");
        }
        return line.toCharArray();
    }

    /**
     * The current and the new password for {@code netdisk passwd}: two lines of standard input
     * (current, then new), or asked on the terminal (the new one twice).
     */
    static char[][] currentAndNew(CliEnvironment env, String user, boolean fromStdin) throws IOException, CliFailure {
        if (fromStdin) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(env.stdin(), StandardCharsets.UTF_8));
            String current = reader.readLine();
            String fresh = reader.readLine();
            if (current == null || current.isEmpty() || fresh == null || fresh.isEmpty()) {
                throw new CliFailure(ExitCodes.USAGE,
                        "--password-stdin: give two lines, the current password and then the new one");
            }
            return new char[][] {current.toCharArray(), fresh.toCharArray()};
        }
        if (!env.terminal().interactive()) {
            throw new CliFailure(ExitCodes.USAGE, "no terminal to ask for passwords: pipe in two lines (current, "
                    + "then new) with --password-stdin");
        }
        char[] current = env.terminal().readPassword("Current password for " + user + ": ");
        if (current == null || current.length == 0) {
            throw new CliFailure(ExitCodes.USAGE, "no password given");
        }
        char[] fresh = env.terminal().readPassword("New password: ");
        char[] again = env.terminal().readPassword("Repeat the new password: ");
        if (fresh == null || fresh.length == 0 || !Arrays.equals(fresh, again)) {
            throw new CliFailure(ExitCodes.USAGE, "the two new passwords differ (or are empty); nothing was changed");
        }
        if (again != null) {
            Arrays.fill(again, '\0');
        }
        return new char[][] {current, fresh};
    }

    /** Asks on the terminal without echo; with {@code confirm}, twice, and they must match. */
    static char[] prompt(Terminal terminal, String user, boolean confirm) throws IOException, CliFailure {
        char[] first = terminal.readPassword("Password for " + user + ": ");
        if (first == null || first.length == 0) {
            throw new CliFailure(ExitCodes.USAGE, "no password given");
        }
        if (confirm) {
            char[] again = terminal.readPassword("Repeat the password: ");
            boolean same = again != null && Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new CliFailure(ExitCodes.USAGE, "the two passwords differ; nothing was registered");
            }
        }
        return first;
    }
}
