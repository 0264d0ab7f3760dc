package netdisk.tools.cli;

/**
 * A failure already explained for a person: the one line to print (cause and, where there is
 * one, the fix) and the exit code.
 */
public final class CliFailure extends Exception {

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
