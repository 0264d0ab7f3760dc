package netdisk.tests.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one peer command to completion within a time limit and captures what it printed. */
final class PeerProcess {

    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private PeerProcess() {
    }

    /**
     * Runs {@code command} in {@code workDir} (null: this JVM's) with stdin closed; past
     * {@code timeout} the process and its children are killed and the run reports timedOut.
     * Output goes to temporary files rather than pipes, so a chatty peer can never block on a
     * full pipe while we wait for it.
     *
     * @param outputMeansFailure whether any output at all marks an exit-0 run as failed (true for
     *                           tftp-hpa, which is silent on success and exits 0 after errors)
     */
    static PeerRun run(List<String> command, Path workDir, Duration timeout, boolean outputMeansFailure) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("netdisk-peer", ".out");
            err = Files.createTempFile("netdisk-peer", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            String stdout = read(out);
            String stderr = read(err);
            int exitCode = finished ? process.exitValue() : -1;
            boolean reportedFailure = outputMeansFailure && exitCode == 0 && !(stdout + stderr).isBlank();
            return new PeerRun(command, exitCode, !finished, stdout, stderr, reportedFailure);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Kills the process and any children it forked, by PID, and waits a bounded time for it. */
    static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A temp file left behind is harmless.
        }
    }
}
