package netdisk.tools.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netdisk register USER [--server HOST[:PORT]] [--password-stdin]}. */
@Command(name = "register", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Create an account on a netdisk server.",
                "Asks for the password twice (without echo) on a terminal; --password-stdin reads it from "
                        + "standard input. Then `netdisk login USER`."})
final class RegisterCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "The name: 1 to 32 of A-Z a-z 0-9 . _ -")
    String user;

    @Mixin
    LoginOptions login = new LoginOptions();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    RegisterCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        HostPort server = Sessions.server(env, login.server, spec.commandLine());
        char[] password = PasswordInput.read(env, user, login.passwordStdin, true, "register");
        try (NetdiskClient client = Sessions.connect(env, server, user)) {
            String registered = client.register(user, password);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("registered %s on %s; next: netdisk login %s%s%n", registered, server, registered,
                    server.equals(Sessions.DEFAULT_SERVER) ? "" : " --server " + server);
            return ExitCodes.OK;
        } catch (ControlException e) {
            throw Failures.explain(e, server, user);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
