package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.discovery.DiscoveredServer;
import netdisk.services.discovery.DiscoverySettings;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.udp.io.DatagramPortFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netdisk discover} and {@code --server NAME} in-process against a real server on an
 * ephemeral port of the wildcard address, asked over loopback only: {@code --to} for discover,
 * NETDISK_DISCOVER_TO for the name lookup (never a broadcast from a test).
 */
class DiscoverCommandTest {

    /** Not in DNS anywhere: .invalid never resolves (RFC 2606). */
    private static final String NAME = "test-nas.invalid";

    @TempDir
    Path dir;

    private NetdiskServer server;
    private String port;

    @BeforeEach
    void start() throws IOException {
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(NetdiskServerConfig.defaults(dir).host(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000))
                .withDiscovery(DiscoverySettings.defaults().withName(NAME).withVersion("1.2.3")));
        port = Integer.toString(server.udpAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliHarness.Result run(Map<String, String> extraEnv, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("NETDISK_HOME", dir.resolve("home").toString());
        CliEnvironment environment = new CliEnvironment(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new CliHarness.ScriptedTerminal(false), new CliHarness.FiringInterrupts(), DatagramPortFactory.udp());
        int exit = NetdiskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
        return new CliHarness.Result(exit, out.toString(), err.toString());
    }

    private CliHarness.Result run(String... args) {
        return run(Map.of(), "", args);
    }

    @Test
    void discoverToLoopbackListsTheServerWithItsNameVersionAndPublicFolder() {
        CliHarness.Result r = CliHarness.expectOk(run("discover", "--to", "127.0.0.1", "--port", port, "--timeout", "400"));
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("NAME").contains("ADDRESSES", "PORT", "VERSION", "PUBLIC");
        assertThat(lines.get(1)).startsWith(NAME).contains("127.0.0.1", port, "1.2.3", "on");
        assertThat(lines).last().isEqualTo("1 server");
    }

    @Test
    void discoverOverIpv6LoopbackAndAsJson() throws Exception {
        Assumptions.assumeTrue(canBind(InetAddress.getByName("::1")), "IPv6 loopback (::1) is not configured here");
        CliHarness.Result r = CliHarness.expectOk(run("discover", "--to", "::1", "--to", "127.0.0.1", "--port", port,
                "--timeout", "400", "--json"));
        JsonNode servers = new ObjectMapper().readTree(r.out()).path("servers");
        assertThat(servers).hasSize(1);
        JsonNode s = servers.get(0);
        assertThat(s.path("name").asText()).isEqualTo(NAME);
        assertThat(s.path("addresses")).extracting(JsonNode::asText).containsExactly("127.0.0.1", "::1");
        assertThat(s.path("port").asInt()).isEqualTo(server.udpAddress().getPort());
        assertThat(s.path("protocol").asInt()).isEqualTo(1);
        assertThat(s.path("version").asText()).isEqualTo("1.2.3");
        assertThat(s.path("public").asBoolean()).isTrue();
        assertThat(s.path("id").asText()).isEqualTo(server.discovery().orElseThrow().id());
    }

    @Test
    void nobodyAnsweringIsUnreachableWithTheReason() throws IOException {
        int silent;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            silent = socket.getLocalPort(); // bound and never read: nothing answers there
            CliHarness.Result r = run("discover", "--to", "127.0.0.1", "--port", Integer.toString(silent), "--timeout", "150");
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(r.err()).contains("no netdisk server answered on port " + silent + " within 150 ms");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void theWaitIsBounded() {
        assertThat(run("discover", "--to", "127.0.0.1", "--timeout", "50").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("discover", "--to", "127.0.0.1", "--timeout", "10001").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aNameDnsDoesNotKnowIsFoundByDiscoveryAndLoginRemembersTheAddress() throws IOException {
        Map<String, String> loopback = Map.of(ServerNames.DISCOVER_TO, "127.0.0.1");
        String byName = NAME + ":" + port;
        CliHarness.expectOk(run(loopback, "correct horse\n", "register", "alice", "--server", byName, "--password-stdin"));
        CliHarness.Result login = CliHarness.expectOk(run(loopback, "correct horse\n", "login", "alice", "--server", byName,
                "--password-stdin"));
        assertThat(login.out()).contains("logged in as alice on " + byName + " (found by discovery at 127.0.0.1:" + port + ")");
        assertThat(Files.readString(dir.resolve("home").resolve("session.json"))).contains("127.0.0.1:" + port)
                .doesNotContain(NAME);
        Path local = Files.writeString(dir.resolve("a.txt"), "by name");
        CliHarness.expectOk(run("put", local.toString(), "--progress", "never"));
        CliHarness.Result ls = CliHarness.expectOk(run("ls"));
        assertThat(ls.out()).contains("a.txt");
    }

    @Test
    void aNameNobodyAnswersToIsAnUnknownHost() {
        CliHarness.Result r = run(Map.of(ServerNames.DISCOVER_TO, "127.0.0.1"), "pw\n", "login", "bob", "--server",
                "nobody-here.invalid:" + port, "--password-stdin");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("unknown host nobody-here.invalid: not in DNS, and no netdisk server of that name "
                + "answered discovery on port " + port);
    }

    @Test
    void twoServersOfOneNameAreRefusedListingBoth() throws Exception {
        DiscoveredServer one = new DiscoveredServer("nas", "00000000000000a1", 6969, 1, true, null,
                List.of(InetAddress.getByName("10.0.0.5")));
        DiscoveredServer two = new DiscoveredServer("NAS", "00000000000000b2", 6969, 1, true, null,
                List.of(InetAddress.getByName("fe80::1")));
        assertThatThrownBy(() -> ServerNames.choose(new HostPort("nas", 6969), List.of(one, two)))
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("2 netdisk servers are named nas: 10.0.0.5:6969 (id 00000000000000a1), "
                        + "[fe80::1]:6969 (id 00000000000000b2)");
        assertThat(ServerNames.choose(new HostPort("nas", 6969), List.of(one))).isSameAs(one);
    }

    @Test
    void addressesAreWrittenCompressed() throws Exception {
        assertThat(Addresses.text(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(Addresses.text(InetAddress.getByName("fd6e:6464:6b00:0:0:0:0:1"))).isEqualTo("fd6e:6464:6b00::1");
        assertThat(Addresses.text(InetAddress.getByName("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Addresses.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Addresses.text(InetAddress.getByName("2001:db8:1:2:3:4:0:6"))).isEqualTo("2001:db8:1:2:3:4:0:6");
        assertThat(Addresses.text(InetAddress.getByName("fe80:0:0:0:0:0:0:0"))).isEqualTo("fe80::");
        assertThat(Addresses.text(InetAddress.getByName("fe80::1%7"))).isEqualTo("fe80::1%7");
        assertThat(Addresses.text(InetAddress.getByName("10.0.0.1"))).isEqualTo("10.0.0.1");
    }

    private static boolean canBind(InetAddress address) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
