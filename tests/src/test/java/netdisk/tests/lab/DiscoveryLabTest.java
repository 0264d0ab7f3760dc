package netdisk.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netdisk.tools.lab.LabNetwork;
import netdisk.tools.lab.LabUnavailableException;
import netdisk.tools.lab.NetdiskLauncher;
import netdisk.tools.lab.Preflight;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * LAN discovery between two network namespaces on one veth pair (the lab's DIRECT topology):
 * netdisk's server in one, its command line in the other, as separate processes from the jar.
 * The client finds the server by IPv4 broadcast and by IPv6 multicast (ff02::1), then reaches
 * it by name alone; a server with --no-discovery stays silent and still serves TFTP.
 *
 * <p>A broadcast never leaves the namespaces: the veth pair is all the link there is. Needs
 * Linux and root, like {@code KernelLinkLabTest}; elsewhere every test is skipped with the
 * reason. Run it alone with {@code ./run-tests -pl tests -am -Dgroups=lab}.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryLabTest {

    private static final String NAME = "labsrv";
    private static final int PORT = 6969;
    /** A second server, on the same host, that does not answer discovery. */
    private static final int SILENT_PORT = 6970;
    private static final long COMMAND_LIMIT_SECONDS = 60;

    @TempDir
    static Path work;

    private LabNetwork net;
    private NetdiskLauncher launcher;
    private final List<Process> servers = new ArrayList<>();
    private String unavailable;

    /** One finished command in the client's namespace. */
    record Outcome(int exit, String out, String err) {}

    @BeforeAll
    void startTheLab() throws Exception {
        try {
            Preflight.check(false, false);
        } catch (LabUnavailableException e) {
            unavailable = e.getMessage();
            System.err.println("discovery lab: skipped: " + unavailable);
            return;
        }
        Path jar = Path.of(System.getProperty("netdisk.jar", "../tools/target/netdisk.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            unavailable = jar + " is missing: build the tools module first (./run-tests builds it)";
            System.err.println("discovery lab: skipped: " + unavailable);
            return;
        }
        launcher = NetdiskLauncher.of(jar);
        net = LabNetwork.create(LabNetwork.Topology.DIRECT, work);
        Path publicDir = Files.createDirectories(work.resolve("public"));
        Files.writeString(publicDir.resolve("hello.txt"), "from the public folder");
        startServer("answering", List.of("server", "--data", work.resolve("data").toString(), "--port",
                Integer.toString(PORT), "--name", NAME, "--public", publicDir.toString()));
        startServer("silent", List.of("server", "--data", work.resolve("data-silent").toString(), "--port",
                Integer.toString(SILENT_PORT), "--no-discovery", "--public", publicDir.toString()));
    }

    @AfterAll
    void stopTheLab() {
        for (Process p : servers) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (net != null) {
            net.close(); // also ends whatever is left in the namespaces
        }
    }

    /** Starts {@code netdisk ARGS} in the server's namespace and waits until it says it listens. */
    private void startServer(String label, List<String> args) throws Exception {
        Path log = work.resolve("server-" + label + ".log");
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", net.server().namespace()));
        command.addAll(launcher.command(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        servers.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("Press Ctrl-C to stop.")) {
            if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the " + label + " server did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** {@code netdisk ARGS} in the client's namespace, with its own NETDISK_HOME and {@code stdin}. */
    private Outcome client(String stdin, String... args) throws Exception {
        Assumptions.assumeTrue(unavailable == null, () -> "discovery lab: " + unavailable);
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", net.client().namespace()));
        command.addAll(launcher.command(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .directory(Files.createDirectories(work.resolve("client")).toFile());
        pb.environment().put("NETDISK_HOME", work.resolve("client-home").toString());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("`netdisk " + String.join(" ", args) + "` did not end in " + COMMAND_LIMIT_SECONDS + " s");
        }
        return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Outcome ok(String stdin, String... args) throws Exception {
        Outcome o = client(stdin, args);
        assertThat(o.exit()).as("`netdisk %s`: %s", String.join(" ", args), o).isZero();
        return o;
    }

    /** The one server `discover --json ARGS` found. */
    private JsonNode discovered(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("discover", "--json", "--timeout", "1500"));
        all.addAll(List.of(args));
        JsonNode servers = new ObjectMapper().readTree(ok("", all.toArray(String[]::new)).out()).path("servers");
        assertThat(servers).as("servers found").hasSize(1);
        JsonNode s = servers.get(0);
        assertThat(s.path("name").asText()).isEqualTo(NAME);
        assertThat(s.path("port").asInt()).isEqualTo(PORT);
        assertThat(s.path("public").asBoolean()).isTrue();
        assertThat(s.path("protocol").asInt()).isEqualTo(1);
        return s;
    }

    @Test
    void theClientFindsTheServerByIpv4Broadcast() throws Exception {
        JsonNode s = discovered("-4");
        assertThat(s.path("addresses")).extracting(JsonNode::asText).containsExactly(net.server().ipv4());
    }

    @Test
    void theClientFindsTheServerByIpv6Multicast() throws Exception {
        JsonNode s = discovered("-6");
        List<String> addresses = new ArrayList<>();
        s.path("addresses").forEach(a -> addresses.add(a.asText()));
        assertThat(addresses).isNotEmpty().allSatisfy(a -> assertThat(a).contains(":")); // IPv6 only
        assertThat(addresses).anySatisfy(a -> assertThat(a).satisfiesAnyOf(
                link -> assertThat(link).startsWith("fe80::").endsWith("%nd0"),
                ula -> assertThat(ula).isEqualTo("fd6e:6464:6b00::1")));
    }

    @Test
    void bothFamiliesTogetherAreOneServerWithBothAddresses() throws Exception {
        JsonNode s = discovered();
        assertThat(s.path("addresses").get(0).asText()).as("IPv4 first").isEqualTo(net.server().ipv4());
        assertThat(s.path("addresses").size()).isGreaterThanOrEqualTo(2);
        Outcome table = ok("", "discover");
        assertThat(table.out()).contains(NAME, net.server().ipv4(), "on").contains("1 server");
    }

    @Test
    void commandsReachTheServerByItsDiscoveredName() throws Exception {
        ok("correct horse\n", "register", "alice", "--server", NAME, "--password-stdin");
        Outcome login = ok("correct horse\n", "login", "alice", "--server", NAME, "--password-stdin");
        assertThat(login.out()).contains("found by discovery at " + net.server().ipv4() + ":" + PORT);
        Path local = Files.writeString(work.resolve("client").resolve("note.txt"), "sent by name");
        ok("", "put", local.toString(), "--progress", "never");
        assertThat(ok("", "ls").out()).contains("note.txt");
    }

    @Test
    void aServerWithDiscoveryOffIsSilentAndStillServesTftp() throws Exception {
        Outcome none = client("", "discover", "--port", Integer.toString(SILENT_PORT), "--timeout", "800");
        assertThat(none.exit()).as("%s", none).isEqualTo(12);
        assertThat(none.err()).contains("no netdisk server answered on port " + SILENT_PORT);
        ok("", "tftp", "get", net.server().ipv4() + ":" + SILENT_PORT, "hello.txt", "-q");
        assertThat(work.resolve("client").resolve("hello.txt")).hasContent("from the public folder");
    }
}
