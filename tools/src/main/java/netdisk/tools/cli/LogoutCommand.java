package netdisk.tools.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.tools.session.SavedSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code netdisk logout}: revokes the token on the server when it can be reached, and always
 * removes the local session (as docker logout: being offline must not keep a credential on disk).
 */
@Command(name = "logout", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "End the session: revoke the token on the server (if reachable) and remove the saved session.")
final class LogoutCommand implements Callable<Integer> {

    private final CliEnvironment env;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    VerboseOption verbose = new VerboseOption();

    LogoutCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<SavedSession> saved;
        try {
            saved = Sessions.saved(env);
        } catch (java.io.IOException damaged) {
            Sessions.file(env).delete();
            out.println("removed a damaged saved session");
            return ExitCodes.OK;
        }
        if (saved.isEmpty()) {
            out.println("not logged in (no saved session)");
            return ExitCodes.OK;
        }
        SavedSession session = saved.get();
        String revoked = revoke(session);
        Sessions.file(env).delete();
        out.printf("logged out %s from %s%s%n", session.user(), session.server(), revoked);
        return ExitCodes.OK;
    }

    /** Empty when revoked, else why not (said after the logout line). */
    private String revoke(SavedSession session) {
        try {
            HostPort server = HostPort.parse(session.server(), NetdiskServerConfig.DEFAULT_PORT);
            try (NetdiskClient client = Sessions.connect(env, server, session.user())) {
                client.logout(session.token());
                return "";
            }
        } catch (CliFailure e) {
            return " (removed locally; the server could not revoke the token: " + e.getMessage() + ")";
        } catch (ControlException e) {
            // An expired or already revoked token is what logout wants anyway.
            return "TOKEN_INVALID".equals(e.code()) ? "" : " (removed locally; the server said: " + e.getMessage() + ")";
        } catch (IllegalArgumentException e) {
            return " (removed locally; the saved server address was unusable)";
        }
    }
}
