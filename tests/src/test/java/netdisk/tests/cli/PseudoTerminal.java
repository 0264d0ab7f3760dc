package netdisk.tests.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One command run in a pseudo-terminal by util-linux {@code script}: what a person would see
 * (every byte, carriage returns included) and a keyboard ({@link #type}). Keys go to the
 * terminal's line discipline, so Ctrl-C ({@code \u0003}) becomes a real SIGINT and a password
 * typed while echo is off never reaches the output.
 */
final class PseudoTerminal implements AutoCloseable {

    private final Process process;
    private final OutputStream keyboard;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Thread reader;

    private PseudoTerminal(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        this.reader = Thread.ofPlatform().daemon().name("pty-reader").start(this::pump);
    }

    /** Skips the calling test, visibly, when there is no {@code script} to make a terminal with. */
    static void assumeAvailable() {
        boolean found = List.of("/usr/bin/script", "/bin/script").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
        if (!found) {
            String message = "SKIPPED terminal tests: util-linux `script` is not installed "
                    + "(apt-get install bsdutils) to run netdisk in a pseudo-terminal";
            System.err.println(message);
            Assumptions.assumeTrue(false, message);
        }
    }

    /**
     * Starts {@code command} in {@code workDir} in a new pseudo-terminal. script(1) runs it with
     * {@code $SHELL -c}; dash (the /bin/sh script falls back to when SHELL is unset, as under CI)
     * stays in between as a parent, and Ctrl-C would kill that shell (exit 130) instead of reaching
     * only netdisk. So the shell is pinned and told to {@code exec} the command: what the
     * terminal's signals reach, and what script reports the exit code of, is netdisk itself.
     */
    static PseudoTerminal start(String command, Path workDir, Map<String, String> env) {
        List<String> argv = new ArrayList<>(List.of("script", "--quiet", "--return", "--flush", "--command",
                "exec " + command, "/dev/null"));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("SHELL", "/bin/sh");
        builder.environment().putIfAbsent("TERM", "xterm");
        try {
            return new PseudoTerminal(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start script(1)", e);
        }
    }

    /** Everything the terminal showed so far. */
    String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the terminal shows {@code text}; fails with the screen so far after {@code timeout}. */
    void waitFor(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!screen().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the terminal did not show '" + text + "' within " + timeout + "; it showed:\n"
                        + screen());
            }
            if (!process.isAlive() && !reader.isAlive() && !screen().contains(text)) {
                throw new AssertionError("the command ended without showing '" + text + "'; it showed:\n" + screen());
            }
            Thread.sleep(20);
        }
    }

    /** Types {@code keys} on the keyboard. */
    void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** The command's exit code; fails after {@code timeout}. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the command did not end within " + timeout + "; it showed:\n" + screen());
        }
        reader.join(2_000);
        return process.exitValue();
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (screen) {
                    screen.write(buffer, 0, n);
                }
            }
        } catch (IOException ended) {
            // The process is gone.
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
