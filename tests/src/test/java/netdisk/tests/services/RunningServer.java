package netdisk.tests.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.client.ControlClient;
import netdisk.services.client.NetdiskClient;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.udp.io.DatagramPortFactory;

/**
 * A real {@link NetdiskServer} on 127.0.0.1 with a free port (UDP and TCP), over a data folder
 * that outlives it, so a test can stop it, look at the files with plain tools and start another
 * one on the same folder.
 *
 * <p>Only the PBKDF2 iteration count is lowered (1,000 instead of 600,000): the hash's shape and
 * everything around it stay as in production.
 */
final class RunningServer implements AutoCloseable {

    static final InetAddress LOOPBACK = address("127.0.0.1");
    /** Another loopback address: a "different machine" for tokens bound to the login's address. */
    static final InetAddress OTHER_LOOPBACK = address("127.0.0.2");
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    private final Path data;
    private final UnaryOperator<NetdiskServerConfig> tuning;
    private NetdiskServer server;

    private RunningServer(Path data, UnaryOperator<NetdiskServerConfig> tuning) throws IOException {
        this.data = data;
        this.tuning = tuning;
        this.server = NetdiskServer.start(config());
    }

    static RunningServer start(Path data) throws IOException {
        return start(data, UnaryOperator.identity());
    }

    /** @param tuning applied to the test defaults (loopback, port 0, 1,000 iterations) */
    static RunningServer start(Path data, UnaryOperator<NetdiskServerConfig> tuning) throws IOException {
        return new RunningServer(data, tuning);
    }

    /** Cheap hashes, and registrations not limited per address: tests register many users from 127.0.0.1. */
    static AccountSettings fastAccounts() {
        return AccountSettings.defaults().withIterations(1_000).withRegistrationLimit(10_000, Duration.ofMillis(1));
    }

    NetdiskServerConfig config() {
        return tuning.apply(NetdiskServerConfig.defaults(data).withAddress(LOOPBACK, 0).withAccounts(fastAccounts()));
    }

    /** Stops the server (the data folder stays, for a look at its files or a restart). */
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Stops this server if running and starts a new one on the same data folder (and a new port). */
    void restart() throws IOException {
        stop();
        server = NetdiskServer.start(config());
    }

    NetdiskServer server() {
        return server;
    }

    Path data() {
        return data;
    }

    Path registry() {
        return data.resolve("users.xlsx");
    }

    Path userFolder(String user) {
        return data.resolve("users").resolve(user);
    }

    Path publicFolder() {
        return data.resolve("public");
    }

    InetSocketAddress controlAddress() {
        return server.controlAddress();
    }

    InetSocketAddress udpAddress() {
        return server.udpAddress();
    }

    NetdiskClient client() throws IOException {
        return NetdiskClient.connect(controlAddress(), CLIENT_TIMEOUT, DatagramPortFactory.udp());
    }

    NetdiskClient client(DatagramPortFactory ports) throws IOException {
        return NetdiskClient.connect(controlAddress(), CLIENT_TIMEOUT, ports);
    }

    ControlClient control() throws IOException {
        return ControlClient.connect(controlAddress(), CLIENT_TIMEOUT);
    }

    /** Registers {@code user} with {@link #passwordOf} and logs in; returns the token. */
    String registerAndLogin(String user) throws IOException {
        try (NetdiskClient client = client()) {
            client.register(user, passwordOf(user));
            return client.login(user, passwordOf(user)).token();
        }
    }

    /** Each user's password: long enough, and distinctive enough to search for in files. */
    static char[] passwordOf(String user) {
        return ("pw-" + user + "-Tr0ub4dor&3").toCharArray();
    }

    @Override
    public void close() {
        stop();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }
}
