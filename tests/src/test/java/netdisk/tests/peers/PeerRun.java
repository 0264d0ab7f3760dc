package netdisk.tests.peers;

import java.util.List;

/**
 * What one bounded run of a stock peer did.
 *
 * @param command         the command line that ran
 * @param exitCode        the process's exit code, or -1 when it was killed for running too long
 * @param timedOut        true when it was killed at its time limit
 * @param stdout          everything it wrote to stdout (UTF-8, malformed bytes replaced)
 * @param stderr          everything it wrote to stderr
 * @param reportedFailure true when the peer exited 0 but its output says the transfer failed
 *                        (tftp-hpa exits 0 after an ERROR packet from the server)
 */
public record PeerRun(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr,
                      boolean reportedFailure) {

    public PeerRun {
        command = List.copyOf(command);
    }

    /** True when the transfer completed: exit 0, within its time, and no failure in its output. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0 && !reportedFailure;
    }

    /** stdout followed by stderr. */
    public String output() {
        return stdout + stderr;
    }

    /** One readable paragraph for assertion messages. */
    @Override
    public String toString() {
        String status = timedOut ? "timed out and was killed" : "exited " + exitCode;
        return "`" + String.join(" ", command) + "` " + status
                + (reportedFailure ? " (output reports a failure)" : "")
                + (stdout.isBlank() ? "" : "\n  stdout: " + stdout.strip())
                + (stderr.isBlank() ? "" : "\n  stderr: " + stderr.strip());
    }
}
