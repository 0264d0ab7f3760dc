package netdisk.services.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import netdisk.services.client.ControlClient;
import netdisk.services.storage.Storage;

/** A ControlServer on 127.0.0.1, any port, over a fresh data folder and the in-memory accounts. */
final class ControlFixture implements AutoCloseable {

    static final String PASSWORD = "correct horse";

    final Path data;
    final Storage storage;
    final InMemoryAccounts accounts;
    final ControlServer server;

    ControlFixture(Path data) throws IOException {
        this(data, b -> b);
    }

    ControlFixture(Path data, UnaryOperator<ControlConfig.Builder> config) throws IOException {
        this.data = data;
        this.storage = Storage.open(data);
        this.accounts = new InMemoryAccounts(storage);
        ControlConfig.Builder builder = ControlConfig.builder(accounts, storage)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .udpPort(16969);
        this.server = ControlServer.start(config.apply(builder).build());
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    ControlClient client() throws IOException {
        return ControlClient.connect(address(), Duration.ofSeconds(10));
    }

    /** Registers {@code user} and returns a token of a fresh login. */
    String tokenFor(String user) throws IOException {
        try (ControlClient c = client()) {
            c.register(user, PASSWORD);
            return c.login(user, PASSWORD).token();
        }
    }

    Path home(String user) {
        return storage.usersFolder().resolve(user);
    }

    /** Waits until the server has no connection left (they end on their own threads). */
    void awaitNoConnections() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.activeConnections() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
