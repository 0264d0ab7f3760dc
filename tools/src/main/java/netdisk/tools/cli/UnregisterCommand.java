package netdisk.tools.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netdisk unregister}: removes the logged-in user's account, and their files unless told not to. */
@Command(name = "unregister", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Remove your account from the server: asks for your password and a confirmation. Your files "
                + "on the server go with it unless --keep-files; every session of yours ends."})
final class UnregisterCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--yes", description = "Do not ask for a confirmation.")
    boolean yes;

    @Option(names = "--keep-files", description = "Leave your files on the server, set aside for its owner (a new account of your name starts empty).")
    boolean keepFiles;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    UnregisterCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        try (SessionContext session = SessionContext.open(env)) {
            String what = "the account " + session.user() + " on " + session.server()
                    + (keepFiles ? " (your files stay on the server)" : " and all your files on it");
            if (!yes) {
                if (!env.terminal().interactive()) {
                    throw new CliFailure(ExitCodes.USAGE, "unregister removes " + what + ": confirm with --yes");
                }
                String answer = env.terminal().readLine("Remove " + what + "? [y/N] ");
                if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                    spec.commandLine().getOut().println("nothing was removed");
                    return ExitCodes.FAILURE;
                }
            }
            char[] password = PasswordInput.read(env, session.user(), passwordStdin, false, "unregister");
            try {
                session.client().unregister(session.token(), password, keepFiles);
            } catch (ControlException e) {
                if ("AUTH_FAILED".equals(e.code())) {
                    throw new CliFailure(ExitCodes.AUTH_FAILED, "wrong password for " + session.user() + " on "
                            + session.server() + "; nothing was removed", e);
                }
                throw session.explain(e);
            } finally {
                Arrays.fill(password, '\0');
            }
            Sessions.file(env).delete();
            spec.commandLine().getOut().println("removed " + what);
        }
        return ExitCodes.OK;
    }
}
