package netdisk.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.TransferSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netdisk put LOCAL [REMOTE]}. */
@Command(name = "put", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Upload a file to your folder on the server. A remote file of the same name is replaced,",
                "atomically, once the new one is complete; the server's SHA-256 is checked against the local file's."})
final class PutCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOCAL", description = "The file to upload.")
    Path local;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REMOTE", description = "Its name on the server (default: LOCAL's name).")
    String remote;

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
        String name = remote != null ? remote : local.getFileName().toString();
        PrintWriter err = spec.commandLine().getErr();
        TransferSummary summary;
        Sessions.require(env); // "not logged in" comes before any complaint about LOCAL
        if (!Files.isRegularFile(local)) {
            throw new CliFailure(ExitCodes.NOT_FOUND, Files.exists(local) ? local + " is not a regular file"
                    : "no such file: " + local, new NoSuchFileException(local.toString()));
        }
        try (SessionContext session = SessionContext.open(env);
                Interrupts.Interruption interruption = env.interrupts().install(session.client()::cancel)) {
            TransferReporting.Bar bar = TransferReporting.bar(flags.showProgress(env.terminal()), err, name);
            try {
                summary = session.client().put(session.token(), local, name, settings, bar);
            } catch (Exception e) {
                bar.finish();
                if (interruption.happened()) {
                    // Said here, before the interruption closes: after that the process may end at once.
                    err.println("netdisk: interrupted: the upload of " + name
                            + " was cancelled; the file on the server is as it was");
                    err.flush();
                    interruption.exitCode(ExitCodes.INTERRUPTED);
                    return ExitCodes.INTERRUPTED;
                }
                throw e instanceof ControlException c ? session.explain(c) : e;
            }
            bar.finish();
        }
        if (!flags.quiet) {
            spec.commandLine().getOut().println(TransferReporting.summary("put", local.toString(), name, summary));
        }
        return ExitCodes.OK;
    }
}
