package netdisk.services.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.Via;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded defaults bind the wildcard, which the JDK opens as one IPv6 socket that takes IPv4
 * too: one server answers 127.0.0.1 and ::1 on the same port, over UDP and TCP, and a session
 * made over one family is bound to the address it came from (IPv4 clients show as IPv4).
 */
class DualStackTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultServerAnswersIpv4AndIpv6OnOnePort() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        Assumptions.assumeTrue(canBind(v6), "IPv6 loopback (::1) is not configured here: skipping");
        NetdiskServerConfig config = NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(NetdiskServerConfig.defaults(dir).host(), 0) // the wildcard, any free port
                .withAccounts(AccountSettings.defaults().withIterations(1_000));
        Path local = Files.writeString(dir.resolve("up.txt"), "both families");
        try (NetdiskServer server = NetdiskServer.start(config)) {
            int port = server.controlAddress().getPort();
            for (InetAddress family : new InetAddress[] {v4, v6}) {
                String user = family == v4 ? "four" : "six";
                try (NetdiskClient client = NetdiskClient.connect(new InetSocketAddress(family, port))) {
                    client.register(user, "long enough".toCharArray());
                    String token = client.login(user, "long enough".toCharArray()).token();
                    for (Via via : Via.values()) {
                        TransferSettings settings = TransferSettings.defaults().via(via);
                        client.put(token, local, "up.txt", settings, null);
                        Path back = dir.resolve(user + "-" + via + ".txt");
                        client.get(token, "up.txt", back, settings, null);
                        assertThat(back).as("%s over %s", family, via).hasContent("both families");
                    }
                }
            }
        }
    }

    private static boolean canBind(InetAddress address) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
