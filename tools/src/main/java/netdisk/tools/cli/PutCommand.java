package netdisk.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import netdisk.services.client.HeldUpload;
import netdisk.services.client.TransferException;
import netdisk.services.client.TransferProgress;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.TransferSummary;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netdisk put LOCAL [REMOTE] [--continue|--restart]} and {@code netdisk put FILE...}.
 *
 * <p>A broken upload leaves what arrived with the server (spec/control.md 4.9, "held uploads").
 * When the server holds part of an upload of this name and size, a person at a terminal is asked
 * whether to resume it; without a terminal the upload starts over, as it always did, and says
 * so: unlike a download, starting over loses nothing but time, and scripts that put a file keep
 * working. {@code --continue} resumes when what the server holds is a prefix of the file (its
 * SHA-256 is compared first), and otherwise starts over and says why.
 */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Upload files to your folder on the server. A remote file of the same name is replaced, "
                + "atomically, once the new one is complete; the server's SHA-256 is checked against the local file's.",
                "Several files (put a b c, put *.jpg) go one after another under their own names; a failure of one "
                        + "does not stop the others unless --fail-fast.",
                "A broken upload is kept by the server: put it again with --continue to resume (on a terminal you "
                        + "are asked)."})
final class PutCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOCAL",
            description = {"The files to upload, each under its own name.",
                    "put LOCAL REMOTE (two arguments, the second not a local file) uploads LOCAL as REMOTE."})
    List<String> args;

    @Option(names = "--as", paramLabel = "NAME", description = "The one file's name on the server (default: its own).")
    String as;

    @Option(names = "--fail-fast", description = "Stop at the first file that fails.")
    boolean failFast;

    @ArgGroup(exclusive = true)
    Held held;

    /** What to do with what the server holds of an earlier, broken upload, decided up front (scripts). */
    static final class Held {
        @Option(names = {"-c", "--continue"}, required = true,
                description = "Resume what the server holds of a broken upload of this file (when it is a prefix "
                        + "of it; otherwise start over, and say so).")
        boolean resume;

        @Option(names = "--restart", required = true,
                description = "Upload from the first byte; what the server held of a broken upload is replaced.")
        boolean restart;
    }

    @Mixin
    NetdiskTransferFlags flags = new NetdiskTransferFlags();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    PutCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        TransferSettings settings = flags.settings(spec.commandLine());
        List<UploadList.Entry> entries;
        try {
            entries = UploadList.of(args, as);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Sessions.require(env); // "not logged in" comes before any complaint about LOCAL
        BatchOutput output = new BatchOutput(spec.commandLine(), env, flags.quiet);
        try (SessionContext session = SessionContext.open(env)) {
            return output.run(entries, UploadList.Entry::remote, failFast, (entry, batch) -> {
                TransferSummary summary = putOne(session, entry, settings);
                batch.moved(summary.moved(), summary.elapsed());
                output.summary(TransferReporting.summary("put", entry.local().toString(), entry.remote(), summary));
            });
        }
    }

    private TransferSummary putOne(SessionContext session, UploadList.Entry entry, TransferSettings settings)
            throws Exception {
        if (!Files.isRegularFile(entry.local())) {
            throw new CliFailure(ExitCodes.NOT_FOUND, Files.exists(entry.local())
                    ? entry.local() + " is not a regular file" : "no such file: " + entry.local(),
                    new NoSuchFileException(entry.local().toString()));
        }
        PrintWriter err = spec.commandLine().getErr();
        String name = entry.remote();
        boolean resume = resume(session, entry, err);
        Moved moved = new Moved();
        TransferSummary summary;
        try (Interrupts.Interruption interruption = env.interrupts().install(session.client()::cancel)) {
            TransferReporting.Bar bar = TransferReporting.bar(flags.showProgress(env.terminal()), err, name);
            try {
                summary = session.client().put(session.token(), entry.local(), name, settings, moved.and(bar),
                        resume);
                bar.finish();
            } catch (Exception e) {
                bar.finish();
                if (interruption.happened()) {
                    // Said here, before the interruption closes: after that the process may end at once.
                    err.println("netdisk: interrupted: " + (moved.all()
                            ? "every byte of " + name + " had gone out: the server may have stored it (`netdisk ls` "
                                    + "shows it), or keeps what arrived: `netdisk put ... --continue` resumes it"
                            : "the upload of " + name + " was cancelled; the file on the server is as it was"
                                    + (moved.any() ? "; " + keptHint(entry) : "")));
                    err.flush();
                    interruption.exitCode(ExitCodes.INTERRUPTED);
                    throw new Batch.Interrupted(ExitCodes.INTERRUPTED);
                }
                throw broken(e, session, entry, moved);
            }
        }
        String restarted = TransferReporting.restartReason(summary.startedFrom(), entry.local().toString());
        if (restarted != null && !flags.quiet) {
            err.println("netdisk: " + restarted);
        }
        return summary;
        }

    /**
     * Whether to resume: as told, or asked on a terminal when the server holds part of an upload
     * of this name and size; without a terminal, from zero (saying what is replaced).
     */
    private boolean resume(SessionContext session, UploadList.Entry entry, PrintWriter err)
            throws IOException, CliFailure {
        if (held != null) {
            return held.resume;
        }
        long size = Files.size(entry.local());
        HeldUpload kept;
        try {
            kept = session.client().heldUpload(session.token(), entry.remote(), size);
        } catch (ControlException e) {
            throw session.explain(e);
        }
        if (kept.bytes() == 0) {
            return false;
        }
        String what = "the server holds " + Units.bytes(kept.bytes()) + " of " + Units.bytes(size)
                + " of a broken upload of " + entry.remote();
        if (!env.terminal().interactive()) {
            if (!flags.quiet) {
                err.println("netdisk: " + what + ": starting over (--continue resumes it)");
            }
            return false;
        }
        switch (env.terminal().choose(what + ". [r]esume, [s]tart over, or [c]ancel? ", "rsc")) {
            case 'r' -> {
                return true;
            }
            case 's' -> {
                return false;
            }
            default -> { } // cancelled
        }
        throw new CliFailure(ExitCodes.LOCAL_EXISTS, "cancelled: " + entry.remote()
                + " was not uploaded; the server keeps what it held");
    }

    /**
     * An upload that did not finish. After some bytes moved the server keeps them (unless it
     * refused the upload): the message says how to go on, with the exit code of a broken
     * transfer whose part is kept.
     */
    private CliFailure broken(Exception e, SessionContext session, UploadList.Entry entry, Moved moved) {
        if (e instanceof ControlException c && c.fromServer()) {
            return session.explain(c);
        }
        boolean cutOff = e instanceof TransferException t
                ? t.reason() == TransferException.Reason.TIMEOUT || t.reason() == TransferException.Reason.LOCAL_IO
                : e instanceof ControlException;
        String cause = e instanceof ControlException c ? session.explain(c).getMessage() : ExitCodes.describe(e);
        if (cutOff && moved.any()) {
            return new CliFailure(ExitCodes.PARTIAL_KEPT, cause + "; " + keptHint(entry), e);
        }
        if (e instanceof ControlException c) {
            return session.explain(c);
        }
        return new CliFailure(ExitCodes.of(e), cause, e);
    }

    private static String keptHint(UploadList.Entry entry) {
        String local = ShellWords.quoted(entry.local().toString());
        String remote = entry.local().getFileName() != null
                && entry.local().getFileName().toString().equals(entry.remote()) ? "" : " --as " + ShellWords.quoted(entry.remote());
        return "the server keeps what arrived: run `netdisk put " + local + remote + " --continue` to resume";
    }

    /** Whether any byte was acknowledged: only then does the server hold something to resume. */
    private static final class Moved {
        private volatile long startedAt = -1;
        private volatile long total = -1;
        private volatile long done = -1;

        boolean any() {
            return startedAt >= 0 && done > startedAt;
        }

        /** Every byte went out: the server may have completed the file before the cancel reached it. */
        boolean all() {
            return total >= 0 && done >= total && any();
        }

        TransferProgress and(TransferProgress next) {
            return new TransferProgress() {
                @Override
                public void started(long size, long startingAt) {
                    total = size;
                    startedAt = startingAt;
                    next.started(size, startingAt);
                }

                @Override
                public void advanced(long bytes) {
                    done = bytes;
                    next.advanced(bytes);
                }
            };
        }
    }
}
