package netdisk.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The {@code netdisk} command and its jar, built once (./netdisk builds when a source is newer). */
final class BuiltCommand {

    private BuiltCommand() {}

    /** Runs {@code ./netdisk --version}, which builds the jar if it is missing or stale. */
    static void ensureBuilt() throws Exception {
        Process version = new ProcessBuilder(NetdiskInATerminalTest.repoRoot().resolve("netdisk").toString(), "--version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(version.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(version.exitValue()).isZero();
    }

    static Path jar() {
        return NetdiskInATerminalTest.repoRoot().resolve("tools/target/netdisk.jar");
    }
}
