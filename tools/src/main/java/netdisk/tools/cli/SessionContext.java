package netdisk.tools.cli;

import java.io.IOException;
import netdisk.services.client.ControlException;
import netdisk.services.client.NetdiskClient;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.tools.session.SavedSession;

/**
 * What a command that needs a login works with: the saved session, its server and a connected
 * client. {@link #explain} words control failures with this user and server in them.
 */
final class SessionContext implements AutoCloseable {

    private final SavedSession session;
    private final HostPort server;
    private final NetdiskClient client;

    private SessionContext(SavedSession session, HostPort server, NetdiskClient client) {
        this.session = session;
        this.server = server;
        this.client = client;
    }

    /** Loads the session (or fails saying how to log in) and connects to its server. */
    static SessionContext open(CliEnvironment env) throws IOException, CliFailure {
        SavedSession session = Sessions.require(env);
        HostPort server;
        try {
            server = HostPort.parse(session.server(), NetdiskServerConfig.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.NOT_LOGGED_IN, "the saved session names a bad server '" + session.server()
                    + "': run `netdisk login " + session.user() + " --server HOST` again");
        }
        return new SessionContext(session, server, Sessions.connect(env, server, session.user()));
    }

    SavedSession session() {
        return session;
    }

    String token() {
        return session.token();
    }

    String user() {
        return session.user();
    }

    HostPort server() {
        return server;
    }

    NetdiskClient client() {
        return client;
    }

    CliFailure explain(ControlException e) {
        return Failures.explain(e, server, session.user());
    }

    @Override
    public void close() {
        client.close();
    }
}
