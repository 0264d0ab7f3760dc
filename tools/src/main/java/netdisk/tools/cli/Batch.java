package netdisk.tools.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one {@code put} or {@code get}: what each came to, the total line, and the exit
 * code. One file keeps the command's single-file behaviour (its own exit code and message); with
 * more, the exit code says whether all moved (0), some ({@link ExitCodes#SOME_FAILED}) or none
 * (the first failure's own code, so a script still learns "not logged in" or "unreachable").
 */
final class Batch {

    /** One file that did not move, and why. */
    record Failure(String name, int exitCode, String reason) {}

    private final int size;
    private final List<Failure> failures = new ArrayList<>();
    private int moved;
    private String interrupted;
    private long bytes;
    private Duration elapsed = Duration.ZERO;

    /** @param size how many files the command names */
    Batch(int size) {
        this.size = size;
    }

    boolean single() {
        return size == 1;
    }

    void moved(long movedBytes, Duration took) {
        moved++;
        bytes += movedBytes;
        elapsed = elapsed.plus(took);
    }

    void failed(String name, int exitCode, String reason) {
        failures.add(new Failure(name, exitCode, reason));
    }

    /** Ctrl-C during {@code name}: it is neither moved nor failed, and the rest is not tried. */
    void interrupted(String name) {
        interrupted = name;
    }

    /**
     * Whether the failure with this exit code would fail every file after it the same way (the
     * session, the password, the server): the rest is not tried, rather than said N times.
     */
    static boolean failsTheRest(int exitCode) {
        return exitCode == ExitCodes.NOT_LOGGED_IN || exitCode == ExitCodes.AUTH_FAILED
                || exitCode == ExitCodes.UNREACHABLE;
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** Files neither moved nor failed nor interrupted: after --fail-fast, a failure that fails the rest, or Ctrl-C. */
    int notTried() {
        return size - moved - failures.size() - (interrupted == null ? 0 : 1);
    }

    int exitCode() {
        if (failures.isEmpty() && notTried() == 0 && interrupted == null) {
            return ExitCodes.OK;
        }
        if (moved == 0 && !failures.isEmpty()) {
            return failures.get(0).exitCode();
        }
        return ExitCodes.SOME_FAILED;
    }

    /**
     * {@code 3 files: 2 moved (40.0 MiB in 1.20 s, 33.3 MB/s), 1 failed (b.txt)}: the time is the
     * sum of the transfers' own times, so the rate is theirs, not the prompts' or the logins'.
     */
    String totalLine() {
        StringBuilder line = new StringBuilder();
        line.append(size).append(" files: ").append(moved).append(" moved");
        if (moved > 0) {
            double seconds = elapsed.toNanos() / 1e9;
            line.append(" (").append(Units.bytes(bytes)).append(" in ").append(Units.duration(elapsed)).append(", ")
                    .append(Units.rate(seconds > 0 ? bytes / seconds : 0)).append(')');
        }
        if (!failures.isEmpty()) {
            line.append(", ").append(failures.size()).append(" failed (");
            for (int i = 0; i < failures.size(); i++) {
                line.append(i == 0 ? "" : ", ").append(failures.get(i).name());
            }
            line.append(')');
        }
        if (interrupted != null) {
            line.append(", 1 interrupted (").append(interrupted).append(')');
        }
        if (notTried() > 0) {
            line.append(", ").append(notTried()).append(" not tried");
        }
        return line.toString();
    }

    /** Ctrl-C during one of the files: the whole command stops, with this code (already said). */
    static final class Interrupted extends Exception {
        final int exitCode;

        Interrupted(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
