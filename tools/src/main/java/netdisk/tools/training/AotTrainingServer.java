package netdisk.tools.training;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.discovery.DiscoverySettings;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;

/**
 * The server {@link AotTraining} talks to, in a JVM of its own: the cache is mapped by every
 * command at start, so it must hold what the commands load and not the server's thousand
 * classes of workbook and XML (which made {@code --version} 90 ms slower when the server ran in
 * the training JVM).
 *
 * <p>{@code AotTrainingServer DATA_DIR}: serves DATA_DIR on 127.0.0.1 at a port of the system's
 * choosing, prints the port and then the public folder, one per line, and stops when its stdin
 * ends (the training closes it, or the training's JVM went away).
 */
public final class AotTrainingServer {

    private AotTrainingServer() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AotTrainingServer DATA_DIR");
            System.exit(2);
        }
        try (NetdiskServer server = NetdiskServer.start(NetdiskServerConfig.defaults(Path.of(args[0]))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withDiscovery(DiscoverySettings.defaults().withEnabled(false))
                // Fewer PBKDF2 rounds than a real server: the hashing is the JDK's either way.
                .withAccounts(AccountSettings.defaults().withIterations(1_000)))) {
            System.out.println(server.controlAddress().getPort());
            System.out.println(server.publicFolder());
            System.out.flush();
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // Anything written is ignored; only the end of the stream means stop.
            }
        }
    }
}
