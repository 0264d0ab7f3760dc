package netdisk.tools.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * What a {@code put} or {@code get} of several files prints: each file's summary on stdout as it
 * ends, each failure on stderr as it happens (the command goes on), and the total last. One file
 * prints exactly what it printed before there were several.
 */
final class BatchOutput {

    private final CommandLine cli;
    private final CliEnvironment env;
    private final boolean quiet;

    BatchOutput(CommandLine cli, CliEnvironment env, boolean quiet) {
        this.cli = cli;
        this.env = env;
        this.quiet = quiet;
    }

    /** Moves one file of a batch, recording it in {@code batch} when it moved; throws when it did not. */
    @FunctionalInterface
    interface Each<E> {
        void move(E entry, Batch batch) throws Exception;
    }

    /**
     * Moves {@code entries} one after another and returns the command's exit code. A failure is
     * said and the rest goes on, unless {@code failFast} or the failure would fail them all; one
     * file alone throws its failure as it always did; Ctrl-C stops the batch with its own code.
     */
    <E> int run(List<E> entries, Function<E, String> name, boolean failFast, Each<E> each) throws Exception {
        Batch batch = new Batch(entries.size());
        for (E entry : entries) {
            try {
                each.move(entry, batch);
            } catch (Batch.Interrupted interrupted) {
                batch.interrupted(name.apply(entry));
                return interrupted(batch, interrupted.exitCode);
            } catch (Exception e) {
                if (batch.single()) {
                    throw e;
                }
                failed(batch, name.apply(entry), e);
                if (failFast || Batch.failsTheRest(ExitCodes.of(e))) {
                    break;
                }
            }
        }
        return finish(batch);
    }

    void summary(String line) {
        if (!quiet) {
            cli.getOut().println(line);
            cli.getOut().flush();
        }
    }

    /** A file that failed, said now in the words a single file's failure gets. */
    void failed(Batch batch, String name, Exception e) {
        PrintWriter err = cli.getErr();
        String reason = ExitCodes.describe(e);
        err.println("netdisk: " + reason);
        if (ExitCodes.verbose(env, cli.getParseResult())) {
            e.printStackTrace(err);
        }
        err.flush();
        batch.failed(name, ExitCodes.of(e), reason);
    }

    /** Ctrl-C: what moved so far, then the interruption's code. */
    int interrupted(Batch batch, int exitCode) {
        if (!batch.single()) {
            total(batch);
        }
        return exitCode;
    }

    int finish(Batch batch) {
        if (!batch.single()) {
            total(batch);
        }
        return batch.exitCode();
    }

    private void total(Batch batch) {
        // On stderr too when quiet: whether everything moved is not noise.
        if (quiet && batch.exitCode() == ExitCodes.OK) {
            return;
        }
        PrintWriter to = batch.exitCode() == ExitCodes.OK ? cli.getOut() : cli.getErr();
        to.println(batch.exitCode() == ExitCodes.OK ? batch.totalLine() : "netdisk: " + batch.totalLine());
        to.flush();
    }
}
