package netdisk.tools.cli;

import java.io.BufferedReader;
import java.io.Console;
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

    /** The first line of {@code in}, without its line ending; an empty input is an error. */
    static char[] fromStdin(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || line.isEmpty()) {
            throw new IOException("--password-stdin: standard input held no password");
        }
        return line.toCharArray();
    }

    /**
     * Asks on the terminal without echo; with {@code confirm}, twice, and they must match.
     *
     * @throws IOException when there is no terminal: the message names {@code --password-stdin}
     */
    static char[] prompt(Console console, String user, boolean confirm) throws IOException {
        if (console == null) {
            throw new IOException("no terminal to ask for the password: pipe it with --password-stdin");
        }
        char[] first = console.readPassword("Password for %s: ", user);
        if (first == null || first.length == 0) {
            throw new IOException("no password given");
        }
        if (confirm) {
            char[] again = console.readPassword("Repeat the password: ");
            boolean same = again != null && Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new IOException("the two passwords differ; nothing was registered");
            }
        }
        return first;
    }
}
