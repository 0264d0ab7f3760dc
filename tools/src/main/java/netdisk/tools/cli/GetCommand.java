package netdisk.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import netdisk.services.Sha256;
import netdisk.services.client.ControlException;
import netdisk.services.client.DigestMismatchException;
import netdisk.services.client.DownloadSidecar;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.RemoteFileStat;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.TransferSummary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netdisk get REMOTE [LOCAL] [--continue|--restart]}.
 *
 * <p>When LOCAL, or a partial download of it ({@code LOCAL.netdisk-part} and its record), is
 * already there, a person at a terminal is asked; a script must say what it wants (as {@code wget
 * -c} and {@code curl -C -} make it say), because guessing wrong either throws away hours of
 * transfer or appends to the wrong file.
 */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Download one of your files. The copy is verified (SHA-256) and moved into place only when complete.",
                "A broken download keeps its partial copy (LOCAL.netdisk-part): run the same get again to resume it.",
                "When LOCAL or a partial copy exists: on a terminal you are asked; otherwise say --continue or --restart."})
final class GetCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REMOTE", description = "The file's name on the server (see `netdisk ls`).")
    String remote;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL",
            description = "Where to save it (default: REMOTE, in the current folder; a folder: REMOTE inside it).")
    Path local;

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
        Path target = target();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try (SessionContext session = SessionContext.open(env)) {
            RemoteFileStat stat;
            try {
                stat = session.client().stat(session.token(), remote);
            } catch (ControlException e) {
                throw session.explain(e);
            }
            if (decide(target, stat, err) == Plan.NOTHING_TO_DO) {
                if (!flags.quiet) {
                    out.printf("%s is already a complete copy of %s (SHA-256 matches); nothing to do%n", target, remote);
                }
                return ExitCodes.OK;
            }
            TransferSummary summary;
            try (Interrupts.Interruption interruption = env.interrupts().install(session.client()::cancel)) {
                TransferReporting.Bar bar = TransferReporting.bar(flags.showProgress(env.terminal()), err, remote);
                try {
                    summary = session.client().get(session.token(), remote, target, settings, bar);
                } catch (Exception e) {
                    bar.finish();
                    CliFailure failure = broken(e, session, target, stat, interruption.happened());
                    if (interruption.happened()) {
                        // Said here, before the interruption closes: after that the process may end at once.
                        err.println("netdisk: " + failure.getMessage());
                        err.flush();
                        interruption.exitCode(failure.exitCode());
                        return failure.exitCode();
                    }
                    throw failure;
                }
                bar.finish();
            }
            String restarted = TransferReporting.restartReason(summary.startedFrom(), target.toString());
            if (restarted != null && !flags.quiet) {
                err.println("netdisk: " + restarted);
            }
            if (!flags.quiet) {
                out.println(TransferReporting.summary("got", remote, target.toString(), summary));
            }
            return ExitCodes.OK;
        }
    }

    private Path target() {
        Path name = Path.of(remote).getFileName();
        if (local == null) {
            return name;
        }
        return Files.isDirectory(local) ? local.resolve(name) : local;
    }

    /** Resolves what is already at {@code target}: asks, refuses, or follows --continue / --restart. */
    private Plan decide(Path target, RemoteFileStat stat, PrintWriter err) throws IOException, CliFailure {
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
                ? ask(target + " exists (" + held + "). [r]esume, [s]tart over, or [c]ancel? ", "rsc")
                : ask(target + " exists (" + held + "). [o]verwrite or [c]ancel? ", "oc");
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

    /** The first letter of an accepted answer; 'c' (cancel) at end of input or after three unclear answers. */
    private char ask(String question, String letters) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            String line = env.terminal().readLine(question);
            if (line == null) {
                return 'c';
            }
            String answer = line.strip().toLowerCase(Locale.ROOT);
            if (!answer.isEmpty() && letters.indexOf(answer.charAt(0)) >= 0) {
                return answer.charAt(0);
            }
        }
        return 'c';
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
    private CliFailure broken(Exception e, SessionContext session, Path target, RemoteFileStat stat,
            boolean interrupted) {
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
                    + Units.bytes(stat.size()) + " of " + remote + ": run `" + continueCommand() + "` to resume", e);
        }
        if (interrupted) {
            return new CliFailure(ExitCodes.INTERRUPTED, "interrupted before any of " + remote + " arrived", e);
        }
        if (e instanceof ControlException c) {
            return session.explain(c);
        }
        return new CliFailure(ExitCodes.of(e), cause, e);
    }

    private String continueCommand() {
        StringBuilder command = new StringBuilder("netdisk get ").append(quoted(remote));
        if (local != null) {
            command.append(' ').append(quoted(local.toString()));
        }
        return command.append(" --continue").toString();
    }

    private static String quoted(String word) {
        return word.matches("[A-Za-z0-9._/+:=@%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
