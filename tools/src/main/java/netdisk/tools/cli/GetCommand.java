package netdisk.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import netdisk.services.Sha256;
import netdisk.services.client.ControlException;
import netdisk.services.client.DigestMismatchException;
import netdisk.services.client.DownloadSidecar;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.RemoteFile;
import netdisk.services.client.RemoteFileStat;
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
 * {@code netdisk get REMOTE [LOCAL] [--continue|--restart]}, {@code netdisk get a b c [DIR]} and
 * {@code netdisk get --all [DIR]}.
 *
 * <p>When LOCAL, or a partial download of it ({@code LOCAL.netdisk-part} and its record), is
 * already there, a person at a terminal is asked; a script must say what it wants (as {@code wget
 * -c} and {@code curl -C -} make it say), because guessing wrong either throws away hours of
 * transfer or appends to the wrong file. With several files each is decided on its own, and a
 * file that cannot be decided fails alone.
 */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Download your files. Each copy is verified (SHA-256) and moved into place only when "
                + "complete.",
                "A broken download keeps its partial copy (LOCAL.netdisk-part): run the same get again to resume it. "
                        + "When LOCAL or a partial copy exists: on a terminal you are asked; otherwise say --continue "
                        + "or --restart.",
                "Several files (get a b c [DIR], get --all [DIR]) go one after another; a failure of one does not "
                        + "stop the others unless --fail-fast."})
final class GetCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "REMOTE",
            description = {"The files' names on the server (see `netdisk ls`), saved in the current folder under "
                    + "their own names; a last argument that is an existing folder: saved there.",
                    "get REMOTE LOCAL (two arguments, the second not a remote file) saves REMOTE as LOCAL."})
    List<String> args;

    @Option(names = "--all", description = "Every file in your folder (into the current folder, or the one given).")
    boolean all;

    @Option(names = {"-o", "--output"}, paramLabel = "LOCAL",
            description = "Where to save the one file (a folder: the file inside it).")
    Path output;

    @Option(names = "--fail-fast", description = "Stop at the first file that fails.")
    boolean failFast;

    @ArgGroup(exclusive = true)
    Existing existing;

    @Mixin
    NetdiskTransferFlags flags = new NetdiskTransferFlags();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    /** What to do with a partial copy or an existing LOCAL, decided up front (scripts). */
    static final class Existing {
        @Option(names = {"-c", "--continue"}, required = true,
                description = "Resume a partial download of LOCAL from the last block it holds (if the remote file "
                        + "is unchanged; otherwise start over, and say so).")
        boolean resume;

        @Option(names = "--restart", required = true,
                description = "Discard any partial download and start from zero; an existing LOCAL is replaced when done.")
        boolean restart;
    }

    /** What was decided about what LOCAL holds. */
    private enum Plan { DOWNLOAD, NOTHING_TO_DO }

    GetCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        TransferSettings settings = flags.settings(spec.commandLine());
        if (!all && (args == null || args.isEmpty()) && output == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name the file(s) to download, or --all");
        }
        try (SessionContext session = SessionContext.open(env)) {
            List<DownloadList.Entry> entries;
            try {
                entries = DownloadList.of(args, all, output, () -> remoteNames(session));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (entries.isEmpty()) {
                if (!flags.quiet) {
                    spec.commandLine().getOut().println("your folder on " + session.server() + " is empty: nothing to get");
                }
                return ExitCodes.OK;
            }
            BatchOutput said = new BatchOutput(spec.commandLine(), env, flags.quiet);
            return said.run(entries, DownloadList.Entry::remote, failFast,
                    (entry, batch) -> getOne(session, entry, settings, batch, said));
        }
    }

    private static Set<String> remoteNames(SessionContext session) throws CliFailure {
        Set<String> names = new HashSet<>();
        try {
            for (RemoteFile file : session.client().list(session.token())) {
                names.add(file.name());
            }
        } catch (ControlException e) {
            throw session.explain(e);
        }
        return names;
    }

    private void getOne(SessionContext session, DownloadList.Entry entry, TransferSettings settings, Batch batch,
            BatchOutput output) throws Exception {
        String remote = entry.remote();
        Path target = entry.target();
        PrintWriter err = spec.commandLine().getErr();
        RemoteFileStat stat;
        try {
            stat = session.client().stat(session.token(), remote);
        } catch (ControlException e) {
            throw session.explain(e);
        }
        if (decide(remote, target, stat, err) == Plan.NOTHING_TO_DO) {
            output.summary(String.format("%s is already a complete copy of %s (SHA-256 matches); nothing to do",
                    target, remote));
            batch.moved(0, Duration.ZERO);
            return;
        }
        TransferSummary summary;
        try (Interrupts.Interruption interruption = env.interrupts().install(session.client()::cancel)) {
            TransferReporting.Bar bar = TransferReporting.bar(flags.showProgress(env.terminal()), err, remote);
            try {
                summary = session.client().get(session.token(), remote, target, settings, bar);
            } catch (Exception e) {
                bar.finish();
                CliFailure failure = broken(e, session, entry, stat, interruption.happened());
                if (interruption.happened()) {
                    // Said here, before the interruption closes: after that the process may end at once.
                    err.println("netdisk: " + failure.getMessage());
                    err.flush();
                    interruption.exitCode(failure.exitCode());
                    throw new Batch.Interrupted(failure.exitCode());
                }
                throw failure;
            }
            bar.finish();
        }
        String restarted = TransferReporting.restartReason(summary.startedFrom(), target.toString());
        if (restarted != null && !flags.quiet) {
            err.println("netdisk: " + restarted);
        }
        batch.moved(summary.moved(), summary.elapsed());
        output.summary(TransferReporting.summary("got", remote, target.toString(), summary));
    }

    /** Resolves what is already at {@code target}: asks, refuses, or follows --continue / --restart. */
    private Plan decide(String remote, Path target, RemoteFileStat stat, PrintWriter err)
            throws IOException, CliFailure {
        boolean partial = Files.exists(DownloadSidecar.partFileOf(target))
                || Files.exists(DownloadSidecar.sidecarFileOf(target));
        boolean whole = Files.exists(target);
        if (existing != null && existing.restart) {
            NetdiskClient.discardPartial(target);
            return Plan.DOWNLOAD;
        }
        if (!partial && whole && sameContent(target, stat)) {
            return Plan.NOTHING_TO_DO;
        }
        if (existing != null && existing.resume) {
            if (!partial && whole && !flags.quiet) {
                err.println("netdisk: " + target + " is not a partial download of " + remote
                        + ": downloading it whole (" + target + " is replaced at the end)");
            }
            return Plan.DOWNLOAD;
        }
        if (!partial && !whole) {
            return Plan.DOWNLOAD;
        }
        String held = partial
                ? Units.bytes(NetdiskClient.partialBytes(target)) + " of " + Units.bytes(stat.size()) + " held"
                : Units.bytes(Files.size(target)) + ", not a copy of " + remote;
        if (!env.terminal().interactive()) {
            throw new CliFailure(ExitCodes.LOCAL_EXISTS, partial
                    ? target + " exists (" + held + "): add --continue to resume it or --restart to start over"
                    : target + " exists (" + held + "): add --restart to replace it (--continue resumes only "
                            + "partial downloads)");
        }
        char answer = partial
                ? env.terminal().choose(target + " exists (" + held + "). [r]esume, [s]tart over, or [c]ancel? ", "rsc")
                : env.terminal().choose(target + " exists (" + held + "). [o]verwrite or [c]ancel? ", "oc");
        switch (answer) {
            case 'r', 'o' -> {
                return Plan.DOWNLOAD;
            }
            case 's' -> {
                NetdiskClient.discardPartial(target);
                return Plan.DOWNLOAD;
            }
            default -> throw new CliFailure(ExitCodes.LOCAL_EXISTS, "cancelled: " + target + " left as it was");
        }
    }

    private static boolean sameContent(Path target, RemoteFileStat stat) throws IOException {
        return Files.isRegularFile(target) && Files.size(target) == stat.size()
                && Sha256.of(target).equals(stat.sha256());
    }

    /**
     * A download that did not finish. When a partial copy is left (the usual case: a timeout, a
     * lost connection, Ctrl-C) the message says how much and how to continue, with its own exit
     * code; a refusal by the server keeps its own code and words.
     */
    private CliFailure broken(Exception e, SessionContext session, DownloadList.Entry entry, RemoteFileStat stat,
            boolean interrupted) {
        String remote = entry.remote();
        Path target = entry.target();
        if (e instanceof ControlException c && c.fromServer()) {
            return session.explain(c);
        }
        if (e instanceof DigestMismatchException) {
            return new CliFailure(ExitCodes.PROTOCOL, e.getMessage(), e);
        }
        long held = NetdiskClient.partialBytes(target);
        String cause = interrupted ? "interrupted"
                : e instanceof ControlException c ? session.explain(c).getMessage() : ExitCodes.describe(e);
        if (held > 0) {
            return new CliFailure(ExitCodes.PARTIAL_KEPT, cause + "; kept " + Units.bytes(held) + " of "
                    + Units.bytes(stat.size()) + " of " + remote + ": run `" + continueCommand(entry) + "` to resume", e);
        }
        if (interrupted) {
            return new CliFailure(ExitCodes.INTERRUPTED, "interrupted before any of " + remote + " arrived", e);
        }
        if (e instanceof ControlException c) {
            return session.explain(c);
        }
        return new CliFailure(ExitCodes.of(e), cause, e);
    }

    private static String continueCommand(DownloadList.Entry entry) {
        StringBuilder command = new StringBuilder("netdisk get ").append(ShellWords.quoted(entry.remote()));
        if (entry.localArg() != null) {
            command.append(' ').append(ShellWords.quoted(entry.localArg()));
        }
        return command.append(" --continue").toString();
    }
}
