package netdisk.tools.cli;

/** Words of a command line printed for a person to copy: quoted for a POSIX shell when they need it. */
final class ShellWords {

    private ShellWords() {}

    static String quoted(String word) {
        return word.matches("[A-Za-z0-9._/+:=@%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
