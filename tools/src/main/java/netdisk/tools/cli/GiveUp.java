package netdisk.tools.cli;

import java.time.Duration;

/** The {@code --give-up SECONDS} value of server and tftp: how long a silent peer is waited for. */
final class GiveUp {

    static final int MAX_SECONDS = 3600;

    private GiveUp() {}

    static Duration parse(String option, int seconds) {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(option + " must be 1.." + MAX_SECONDS + " seconds, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
