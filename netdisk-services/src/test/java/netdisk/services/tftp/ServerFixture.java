package netdisk.services.tftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.accounts.LocalAccounts;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.services.storage.Quota;
import netdisk.services.storage.Storage;
import netdisk.udp.io.ChannelDatagramPort;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.options.ServerLimits;
import netdisk.udp.server.RequestHandler;

/**
 * A real netdisk server on 127.0.0.1 over a data folder in a temp dir, for the tests: started as
 * users start it ({@link NetdiskServer}, UDP and TCP), tuned only where a test needs it (a cheap
 * password hash, the engine's limits, a short shutdown grace).
 */
public final class ServerFixture implements AutoCloseable {

    public static final InetAddress LOOPBACK = address("127.0.0.1");
    /** Another loopback address (Linux routes all of 127/8 to lo): "another machine". */
    public static final InetAddress OTHER_HOST = address("127.0.0.2");

    public final Storage storage;
    /** The real accounts (users.xlsx in the temp data folder), with a cheap hash for speed. */
    public final LocalAccounts accounts;
    public final NetdiskServer server;

    public ServerFixture(Path dir, Quota quota, ServerLimits limits) throws IOException {
        this(dir, quota, limits, handler -> handler);
    }

    /** @param wrap puts something between the server and the netdisk handler */
    public ServerFixture(Path dir, Quota quota, ServerLimits limits, UnaryOperator<RequestHandler> wrap)
            throws IOException {
        this.server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(LOOPBACK, 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000))
                .withQuota(quota)
                .withUdp(udp -> udp.limits(limits).shutdownGrace(java.time.Duration.ofMillis(500)))
                .withRequestHandler(wrap));
        this.storage = server.storage();
        this.accounts = server.accounts();
    }

    public ServerFixture(Path dir) throws IOException {
        this(dir, Quota.NONE, ServerLimits.DEFAULT);
    }

    /** The UDP address (TFTP requests). */
    public InetSocketAddress address() {
        return server.udpAddress();
    }

    /** A token for {@code user} (registered on first use), logged in from 127.0.0.1. */
    public String login(String user) throws Exception {
        if (accounts.find(user).isEmpty()) {
            accounts.register(user, PASSWORD);
        }
        return accounts.login(user, PASSWORD, LOOPBACK).token();
    }

    private static final String PASSWORD = "fixture password";

    public Path userFile(String user, String name) throws Exception {
        return storage.usersFolder().resolve(user).resolve(name);
    }

    public Path publicFile(String name) {
        return storage.publicFolder().resolve(name);
    }

    /** Client ports bound to {@code address} instead of the wildcard. */
    public static DatagramPortFactory portsOn(InetAddress address) {
        return local -> ChannelDatagramPort.bind(new InetSocketAddress(address, 0));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
