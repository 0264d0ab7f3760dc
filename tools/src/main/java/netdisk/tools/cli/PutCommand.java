package netdisk.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.TransferSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netdisk put LOCAL [REMOTE]} and {@code netdisk put FILE...}. */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Upload files to your folder on the server. A remote file of the same name is replaced,",
                "atomically, once the new one is complete; the server's SHA-256 is checked against the local file's.",
                "Several files (put a b c, put *.jpg) go one after another under their own names; a failure of one",
                "does not stop the others unless --fail-fast."})
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
        Batch batch = new Batch(entries.size());
        BatchOutput output = new BatchOutput(spec.commandLine(), env, flags.quiet);
        try (SessionContext session = SessionContext.open(env)) {
            for (UploadList.Entry entry : entries) {
                try {
                    TransferSummary summary = putOne(session, entry, settings);
                    batch.moved(summary.moved(), summary.elapsed());
                    output.summary(TransferReporting.summary("put", entry.local().toString(), entry.remote(), summary));
                } catch (Batch.Interrupted interrupted) {
                    return output.interrupted(batch, interrupted.exitCode);
                } catch (Exception e) {
                    if (batch.single()) {
                        throw e;
                    }
                    output.failed(batch, entry.remote(), e);
                    if (failFast) {
                        break;
                    }
                }
            }
        }
        return output.finish(batch);
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
        try (Interrupts.Interruption interruption = env.interrupts().install(session.client()::cancel)) {
            TransferReporting.Bar bar = TransferReporting.bar(flags.showProgress(env.terminal()), err, name);
            try {
                TransferSummary summary = session.client().put(session.token(), entry.local(), name, settings, bar);
                bar.finish();
                return summary;
            } catch (Exception e) {
                bar.finish();
                if (interruption.happened()) {
                    // Said here, before the interruption closes: after that the process may end at once.
                    err.println("netdisk: interrupted: the upload of " + name
                            + " was cancelled; the file on the server is as it was");
                    err.flush();
                    interruption.exitCode(ExitCodes.INTERRUPTED);
                    throw new Batch.Interrupted(ExitCodes.INTERRUPTED);
                }
                throw e instanceof ControlException c ? session.explain(c) : e;
            }
        }
    }
}
