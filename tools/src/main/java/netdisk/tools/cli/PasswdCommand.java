package netdisk.tools.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netdisk passwd}: a new password for the logged-in user; every session of theirs ends. */
@Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Change your password: the current one, then the new one twice (asked without echo). "
                + "Every session of yours ends, on every machine: log in again with the new password."})
final class PasswdCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--password-stdin", description = "Read two lines from standard input: the current password, "
            + "then the new one.")
    boolean passwordStdin;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    PasswdCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        try (SessionContext session = SessionContext.open(env)) {
            char[][] passwords = PasswordInput.currentAndNew(env, session.user(), passwordStdin);
            try {
                session.client().passwd(session.token(), passwords[0], passwords[1]);
            } catch (ControlException e) {
                if ("AUTH_FAILED".equals(e.code())) {
                    throw new CliFailure(ExitCodes.AUTH_FAILED, "wrong password for " + session.user() + " on "
                            + session.server() + "; nothing was changed", e);
                }
                throw session.explain(e);
            } finally {
                Arrays.fill(passwords[0], '\0');
                Arrays.fill(passwords[1], '\0');
            }
            Sessions.file(env).delete(); // revoked by the server with every other session of the user
            spec.commandLine().getOut().printf("changed the password of %s on %s; every session ended: "
                    + "`netdisk login %s --server %s` again%n", session.user(), session.server(), session.user(),
                    session.server());
        }
        return ExitCodes.OK;
    }
}
