package netdisk.tools.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.tools.session.SavedSession;
import netdisk.tools.session.SessionFile;
import picocli.CommandLine;

/** Finding the server and the saved session, and connecting, with errors that say what to do. */
final class Sessions {

    /** Where a client looks when neither --server nor a saved session says. */
    static final HostPort DEFAULT_SERVER = new HostPort("127.0.0.1", NetdiskServerConfig.DEFAULT_PORT);

    private Sessions() {}

    static SessionFile file(CliEnvironment env) {
        return SessionFile.fromEnvironment(env.env());
    }

    static Optional<SavedSession> saved(CliEnvironment env) throws IOException {
        return file(env).load();
    }

    /**
     * {@code --server} if given, else the saved session's server, else the last login's (its
     * session ended: logout, passwd), else {@link #DEFAULT_SERVER}.
     */
    static HostPort server(CliEnvironment env, String option, CommandLine cli) throws IOException {
        if (option != null) {
            try {
                return HostPort.parse(option, NetdiskServerConfig.DEFAULT_PORT);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, "--server: " + e.getMessage());
            }
        }
        Optional<String> known;
        try {
            known = saved(env).map(SavedSession::server);
        } catch (IOException damaged) {
            known = Optional.empty();
        }
        if (known.isEmpty()) {
            known = file(env).lastServer();
        }
        try {
            return known.map(s -> HostPort.parse(s, NetdiskServerConfig.DEFAULT_PORT)).orElse(DEFAULT_SERVER);
        } catch (IllegalArgumentException unreadable) {
            return DEFAULT_SERVER;
        }
    }

    /** The saved session, still valid by its clock; otherwise a failure naming the login command. */
    static SavedSession require(CliEnvironment env) throws IOException, CliFailure {
        Optional<SavedSession> saved = saved(env);
        if (saved.isEmpty()) {
            throw new CliFailure(ExitCodes.NOT_LOGGED_IN,
                    "not logged in: run `netdisk login USER --server HOST` first (`netdisk register USER --server HOST` "
                            + "creates an account)");
        }
        SavedSession session = saved.get();
        if (session.expired(Instant.now())) {
            throw new CliFailure(ExitCodes.NOT_LOGGED_IN, "your session expired at " + session.expiresAt()
                    + ": run `netdisk login " + session.user() + " --server " + session.server() + "` again");
        }
        return session;
    }

    static NetdiskClient connect(CliEnvironment env, HostPort server, String user) throws CliFailure {
        return connect(env, server, ServerNames.locate(env, server), user);
    }

    /** Connects to where {@code server} was {@linkplain ServerNames#locate located}. */
    static NetdiskClient connect(CliEnvironment env, HostPort server, ServerNames.Located located, String user)
            throws CliFailure {
        try {
            return NetdiskClient.connect(located.address(), NetdiskClient.DEFAULT_TIMEOUT, env.ports());
        } catch (ControlException e) {
            throw Failures.explain(e, server, user);
        }
    }
}
