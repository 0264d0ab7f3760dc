package netdisk.tools.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import netdisk.services.client.LoginResult;
import netdisk.services.client.NetdiskClient;
import netdisk.tools.session.SavedSession;
import netdisk.tools.session.SessionFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netdisk login USER [--server HOST[:PORT]] [--password-stdin]}: keeps a session for the next commands. */
@Command(name = "login", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Log in and keep the session (server, user, token; never the password) for the next commands.",
                "The session lives in $NETDISK_HOME/session.json (default: $XDG_CONFIG_HOME/netdisk, "
                        + "~/.config/netdisk), readable by you only. The server is remembered: later commands "
                        + "need no --server."})
final class LoginCommand implements Callable<Integer> {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "Your user name.")
    String user;

    @Mixin
    LoginOptions login = new LoginOptions();

    @Mixin
    VerboseOption verbose = new VerboseOption();

    LoginCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        HostPort server = Sessions.server(env, login.server, spec.commandLine());
        char[] password = PasswordInput.read(env, user, login.passwordStdin, false, "login");
        LoginResult result;
        ServerNames.Located located = ServerNames.locate(env, server);
        try (NetdiskClient client = Sessions.connect(env, server, located, user)) {
            result = client.login(user, password);
        } catch (ControlException e) {
            throw Failures.explain(e, server, user);
        } finally {
            Arrays.fill(password, '\0');
        }
        // A server found by discovery is remembered by its address: later commands do not ask again.
        HostPort remembered = located.discovered() == null ? server : Addresses.hostPort(located.address());
        SessionFile file = Sessions.file(env);
        file.save(new SavedSession(remembered.toString(), result.user(), result.token(), result.expiresAt()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("logged in as %s on %s%s (session until %s)%n", result.user(), server,
                located.discovered() == null ? "" : " (found by discovery at " + remembered + ")",
                LOCAL_TIME.format(result.expiresAt().atZone(ZoneId.systemDefault())));
        return ExitCodes.OK;
    }
}
