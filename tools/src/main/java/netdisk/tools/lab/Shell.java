package netdisk.tools.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the lab's short administrative commands (ip, nft, tc, ethtool, sysctl) with a time limit,
 * and turns a failure into a one-line {@link LabException} that names the command and what it said.
 */
final class Shell {

    /** No administrative command of the lab takes longer than this; one that does is stuck. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    /** What a finished command printed. */
    record Result(int exit, String out, String err) {}

    private Shell() {}

    /** The command run inside network namespace {@code ns}. */
    static List<String> in(String ns, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(command);
        return full;
    }

    static List<String> in(String ns, String... command) {
        return in(ns, List.of(command));
    }

    /** Runs {@code command}; a non-zero exit is a {@link LabException}. */
    static String run(List<String> command) throws LabException {
        return run(command, null);
    }

    /** Runs {@code command} with {@code input} on its stdin; a non-zero exit is a {@link LabException}. */
    static String run(List<String> command, String input) throws LabException {
        Result r = attempt(command, input);
        if (r.exit() != 0) {
            throw new LabException("`" + String.join(" ", command) + "` failed (exit " + r.exit() + "): "
                    + firstLine(r.err().isBlank() ? r.out() : r.err()));
        }
        return r.out();
    }

    static String run(String... command) throws LabException {
        return run(List.of(command));
    }

    /** Runs {@code command} and returns how it ended, whatever the exit code. */
    static Result attempt(List<String> command, String input) throws LabException {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new LabException("cannot run `" + command.getFirst() + "`: " + e.getMessage(), e);
        }
        try {
            // Both streams are drained on their own threads, so a chatty command cannot block on a full pipe.
            var out = drain(p.getInputStream());
            var err = drain(p.getErrorStream());
            try (var stdin = p.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LabException("`" + String.join(" ", command) + "` did not finish in " + LIMIT.toSeconds() + " s");
            }
            out.join();
            err.join();
            return new Result(p.exitValue(), out.text(), err.text());
        } catch (IOException e) {
            p.destroyForcibly();
            throw new LabException("`" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** Reads a stream to its end on a thread of its own. */
    static Drain drain(InputStream in) {
        Drain d = new Drain(in);
        d.thread.start();
        return d;
    }

    static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        private Drain(InputStream in) {
            thread = Thread.ofVirtual().unstarted(() -> {
                try (in) {
                    in.transferTo(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        void join() throws InterruptedException {
            thread.join();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
