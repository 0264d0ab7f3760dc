package netdisk.tools.cli;

import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netdisk rm REMOTE}. */
@Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Delete one of your files on the server.")
final class RmCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REMOTE", description = "The file's name on the server (see `netdisk ls`).")
    String remote;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    RmCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        try (SessionContext session = SessionContext.open(env)) {
            try {
                session.client().remove(session.token(), remote);
            } catch (ControlException e) {
                throw session.explain(e);
            }
        }
        spec.commandLine().getOut().printf("removed %s%n", remote);
        return ExitCodes.OK;
    }
}
