package netdisk.tools.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's network: a server namespace and a client namespace joined by veth, and nothing on the
 * host's own interfaces.
 *
 * <pre>
 *   DIRECT:  [srv nd0 10.77.0.1] ─────── veth ─────── [cli nd0 10.77.0.2]
 *
 *   ROUTED:  [srv nd0 10.77.1.1] ── veth ── [mid nds | ndtun | ndc] ── veth ── [cli nd0 10.77.2.1]
 *                                            router: tbf on nds/ndc, linkem.py on ndtun
 * </pre>
 *
 * <p>Every device has segmentation offloads off (TSO, GSO, GRO), so a dropped packet is one wire
 * packet, as on a real link, and not a 64 KiB super-packet. Random loss is dropped by nftables on
 * the <em>ingress</em> of the receiving end, in a prerouting chain at priority -500 (before
 * defragmentation, so each IP fragment on its own). The "local firewall" experiment drops in the
 * sending end's output chain instead, where {@code sendto} sees EPERM. Every device counts what
 * arrives on it in a netdev ingress chain, so the wire is counted by the kernel, not by the code
 * under test ({@link WireCount}).
 *
 * <p>The middle namespace is a router, there when a setting needs a rate limit (tbf with a queue,
 * on the way out to the receiving end, like a switch port) or the userspace {@link LinkEmulator}
 * (delay, jitter, reordering, burst loss: this kernel has no netem). Policy routing sends what
 * arrives from either end into the TUN device {@code ndtun}; the emulator holds each packet for its
 * time and writes it back, and the main table forwards it on.
 *
 * <p>Everything is removed by {@link #close()}, which a shutdown hook also runs (Ctrl-C, an
 * error). A reaper process outside the JVM's process group removes it too if the JVM is killed
 * outright, and a later lab removes what a dead one left behind (namespaces carry the creator's
 * PID).
 */
public final class LabNetwork implements AutoCloseable {

    /** Reads the kernel's JSON (nft -j, ip -j); shared, it is thread-safe once configured. */
    private static final ObjectMapper JSON = new ObjectMapper();


    /** How the two ends are joined. */
    public enum Topology {
        /** One veth pair: loss and local firewall drops only. */
        DIRECT,
        /** Through a router namespace: also rate limits and the link emulator. */
        ROUTED
    }

    /**
     * One end of the lab.
     *
     * @param namespace the network namespace's name
     * @param ipv4 its address on the link (10.0.0.0/8)
     * @param ipv6 its address on the link (a unique local address)
     */
    public record Host(String namespace, String ipv4, String ipv6) {}

    static final String PREFIX = "ndlab-";
    static final String DEVICE = "nd0";
    private static final String MID_TO_SERVER = "nds";
    private static final String MID_TO_CLIENT = "ndc";
    private static final String ULA = "fd6e:6464:6b00:";
    private static final int EMULATOR_TABLE = 100;
    /** tbf's queue: how long a packet may wait at the bottleneck before it is dropped. */
    static final int BOTTLENECK_QUEUE_MILLIS = 25;

    private final Topology topology;
    private final Host server;
    private final Host client;
    private final String middle;
    private final List<String> created = new ArrayList<>();
    private final Path workDir;
    private Process reaper;
    private LinkEmulator emulator;
    private Double emulatorCeiling;
    private boolean emulatorRouting;
    private boolean closed;
    private final Thread shutdownHook = new Thread(this::close, "netdisk-lab-cleanup");

    private LabNetwork(Topology topology, Path workDir) {
        this.topology = topology;
        this.workDir = workDir;
        String id = PREFIX + ProcessHandle.current().pid();
        if (topology == Topology.DIRECT) {
            server = new Host(id + "-srv", "10.77.0.1", ULA + "0::1");
            client = new Host(id + "-cli", "10.77.0.2", ULA + "0::2");
            middle = null;
        } else {
            server = new Host(id + "-srv", "10.77.1.1", ULA + "1::1");
            client = new Host(id + "-cli", "10.77.2.1", ULA + "2::1");
            middle = id + "-mid";
        }
    }

    /**
     * Creates the namespaces, links, addresses and rules; removes what it made if a step fails.
     *
     * @param workDir a folder of the lab's own, for the emulator's script and counters
     */
    public static LabNetwork create(Topology topology, Path workDir) throws LabException {
        removeStale();
        LabNetwork net = new LabNetwork(topology, workDir);
        Runtime.getRuntime().addShutdownHook(net.shutdownHook);
        try {
            net.build();
            return net;
        } catch (LabException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    public Topology topology() {
        return topology;
    }

    public Host server() {
        return server;
    }

    public Host client() {
        return client;
    }

    private void build() throws LabException {
        List<String> all = new ArrayList<>(List.of(server.namespace(), client.namespace()));
        if (middle != null) {
            all.add(1, middle);
        }
        startReaper(all);
        for (String ns : all) {
            Shell.run("ip", "netns", "add", ns);
            created.add(ns);
            Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
        }
        if (topology == Topology.DIRECT) {
            Shell.run("ip", "link", "add", DEVICE, "netns", server.namespace(), "type", "veth", "peer", "name", DEVICE,
                    "netns", client.namespace());
            endHost(server, null, 24);
            endHost(client, null, 24);
        } else {
            Shell.run("ip", "link", "add", DEVICE, "netns", server.namespace(), "type", "veth", "peer", "name",
                    MID_TO_SERVER, "netns", middle);
            Shell.run("ip", "link", "add", DEVICE, "netns", client.namespace(), "type", "veth", "peer", "name",
                    MID_TO_CLIENT, "netns", middle);
            endHost(server, "1", 24);
            endHost(client, "2", 24);
            router();
        }
    }

    /** An end's address, offloads, its default route (ROUTED) and its nftables tables. */
    private void endHost(Host host, String subnet, int prefix) throws LabException {
        String ns = host.namespace();
        Shell.run("ip", "-n", ns, "addr", "add", host.ipv4() + "/" + prefix, "dev", DEVICE);
        Shell.run("ip", "-n", ns, "addr", "add", host.ipv6() + "/64", "dev", DEVICE, "nodad");
        Shell.run("ip", "-n", ns, "link", "set", DEVICE, "up");
        offloadsOff(ns, DEVICE);
        if (subnet != null) {
            Shell.run("ip", "-n", ns, "route", "add", "default", "via", "10.77." + subnet + ".254");
            Shell.run("ip", "-n", ns, "-6", "route", "add", "default", "via", ULA + subnet + "::fe");
        }
        Shell.run(Shell.in(ns, "nft", "-f", "-"), baseRules());
    }

    private void router() throws LabException {
        String[][] sides = {{MID_TO_SERVER, "1"}, {MID_TO_CLIENT, "2"}};
        for (String[] side : sides) {
            Shell.run("ip", "-n", middle, "addr", "add", "10.77." + side[1] + ".254/24", "dev", side[0]);
            Shell.run("ip", "-n", middle, "addr", "add", ULA + side[1] + "::fe/64", "dev", side[0], "nodad");
            Shell.run("ip", "-n", middle, "link", "set", side[0], "up");
            offloadsOff(middle, side[0]);
        }
        // Packets written back by the emulator arrive on ndtun from addresses that route out of the
        // veths: reverse-path filtering would drop them.
        sysctl(middle, "net/ipv4/ip_forward", "1");
        sysctl(middle, "net/ipv6/conf/all/forwarding", "1");
        for (String dev : List.of("all", "default", MID_TO_SERVER, MID_TO_CLIENT)) {
            sysctl(middle, "net/ipv4/conf/" + dev + "/rp_filter", "0");
        }
        Shell.run("ip", "-n", middle, "tuntap", "add", "mode", "tun", "name", LinkEmulator.DEVICE);
        Shell.run("ip", "-n", middle, "link", "set", LinkEmulator.DEVICE, "up", "txqueuelen", "10000");
        sysctl(middle, "net/ipv4/conf/" + LinkEmulator.DEVICE + "/rp_filter", "0");
        Shell.run("ip", "-n", middle, "route", "add", "default", "dev", LinkEmulator.DEVICE, "table",
                Integer.toString(EMULATOR_TABLE));
        Shell.run("ip", "-n", middle, "-6", "route", "add", "default", "dev", LinkEmulator.DEVICE, "table",
                Integer.toString(EMULATOR_TABLE));
        Shell.run(Shell.in(middle, "nft", "-f", "-"), arrivalCounters(MID_TO_SERVER, "from_server")
                + arrivalCounters(MID_TO_CLIENT, "from_client"));
        emulator = LinkEmulator.prepare(middle, workDir, List.of(client.ipv4(), client.ipv6()));
    }

    private static void offloadsOff(String ns, String device) throws LabException {
        Shell.run(Shell.in(ns, "ethtool", "-K", device, "tso", "off", "gso", "off", "gro", "off"));
    }

    private static void sysctl(String ns, String key, String value) throws LabException {
        Shell.run(Shell.in(ns, "sh", "-c", "echo " + value + " > /proc/sys/" + key));
    }

    /** The tables every end host gets: empty impairment chains, and what arrives on its link. */
    private static String baseRules() {
        return """
                table inet ndlab {
                    counter lost { }
                    counter firewall { }
                    chain ingress { type filter hook prerouting priority -500; policy accept; }
                    chain output { type filter hook output priority 0; policy accept; }
                }
                """ + arrivalCounters(DEVICE, "in");
    }

    /**
     * A netdev ingress chain on {@code device} counting IP packets, UDP and TCP as {@code name}_all,
     * _udp and _tcp. Ingress, not egress: software GSO splits TCP's super-packets only after the
     * egress hook, so only on arrival is every counted packet one packet on the wire.
     */
    private static String arrivalCounters(String device, String name) {
        return """
                table netdev ndwire_%2$s {
                    counter %2$s_all { }
                    counter %2$s_udp { }
                    counter %2$s_tcp { }
                    chain ingress {
                        type filter hook ingress device "%1$s" priority 0; policy accept;
                        meta protocol { ip, ip6 } counter name "%2$s_all"
                        meta l4proto udp counter name "%2$s_udp"
                        meta l4proto tcp counter name "%2$s_tcp"
                    }
                }
                """.formatted(device, name);
    }

    /**
     * Puts {@code setting} on the link: the loss and firewall rules of both ends, the bottleneck,
     * and the emulator (started with the setting's impairments, or stopped when it needs none).
     */
    public void apply(LinkSetting setting) throws LabException {
        if (setting.needsMiddle() && topology != Topology.ROUTED) {
            throw new LabException("'" + setting.label() + "' needs the routed lab (a rate limit or the link emulator)");
        }
        Shell.run(Shell.in(server.namespace(), "nft", "-f", "-"),
                impairmentRules(setting.up().lossPercent(), setting.down().firewallDropPercent()));
        Shell.run(Shell.in(client.namespace(), "nft", "-f", "-"),
                impairmentRules(setting.down().lossPercent(), setting.up().firewallDropPercent()));
        if (topology == Topology.ROUTED) {
            bottleneck(MID_TO_CLIENT, setting.down().rateBitsPerSecond());
            bottleneck(MID_TO_SERVER, setting.up().rateBitsPerSecond());
            if (setting.needsEmulator()) {
                emulatorRouting(true);
                emulator.start(setting);
            } else {
                emulator.stop();
                emulatorRouting(false);
            }
        }
    }

    /**
     * Measures the emulator's ceiling (once; later calls return the first measurement). Call it
     * before starting transfers: the flood would disturb them.
     */
    public double measureEmulatorCeiling() throws LabException {
        if (emulator == null) {
            throw new LabException("the direct lab has no link emulator");
        }
        if (emulatorCeiling == null) {
            emulatorRouting(true);
            try {
                emulatorCeiling = emulator.measureCeiling(client.namespace(), server.ipv4());
            } finally {
                emulatorRouting(false);
            }
        }
        return emulatorCeiling;
    }

    /**
     * The loss rule on the ingress of this end and the firewall rule on its output, replacing
     * what was there. Percentages become a share of 100,000 so that 0.5 % is exact.
     */
    private static String impairmentRules(double lossPercent, double firewallPercent) {
        StringBuilder rules = new StringBuilder("flush chain inet ndlab ingress\nflush chain inet ndlab output\n");
        long loss = Math.round(lossPercent * 1000);
        if (loss > 0) {
            rules.append(String.format(Locale.ROOT,
                    "add rule inet ndlab ingress iifname \"%s\" numgen random mod 100000 < %d counter name \"lost\" drop%n",
                    DEVICE, loss));
        }
        long firewall = Math.round(firewallPercent * 1000);
        if (firewall > 0) {
            rules.append(String.format(Locale.ROOT,
                    "add rule inet ndlab output oifname \"%s\" numgen random mod 100000 < %d counter name \"firewall\" drop%n",
                    DEVICE, firewall));
        }
        return rules.toString();
    }

    /** tbf on the router's way out of {@code device}, or none. */
    private void bottleneck(String device, long bitsPerSecond) throws LabException {
        if (bitsPerSecond <= 0) {
            Shell.attempt(Shell.in(middle, "tc", "qdisc", "del", "dev", device, "root"), null); // none there: fine
            return;
        }
        // The bucket holds 4 ms at the rate (at least 16 KiB): enough for the timer's granularity.
        long burst = Math.max(16 * 1024, bitsPerSecond / 8 * 4 / 1000);
        Shell.run(Shell.in(middle, "tc", "qdisc", "replace", "dev", device, "root", "tbf", "rate", bitsPerSecond + "bit",
                "burst", Long.toString(burst), "latency", BOTTLENECK_QUEUE_MILLIS + "ms"));
    }

    private void emulatorRouting(boolean on) throws LabException {
        if (on == emulatorRouting) {
            return;
        }
        String verb = on ? "add" : "del";
        for (String family : List.of("-4", "-6")) {
            for (String dev : List.of(MID_TO_SERVER, MID_TO_CLIENT)) {
                Shell.run("ip", "-n", middle, family, "rule", verb, "iif", dev, "lookup", Integer.toString(EMULATOR_TABLE));
            }
        }
        emulatorRouting = on;
    }

    /** What the kernels have counted so far. */
    public WireCount counters() throws LabException {
        Counters srv = read(server.namespace(), true);
        Counters cli = read(client.namespace(), true);
        if (middle == null) {
            // One veth pair: what one end's queue dropped never arrived at the other.
            return WireCount.direct(host(srv, cli.txDropped(DEVICE) + srv.rxDropped(DEVICE)),
                    host(cli, srv.txDropped(DEVICE) + cli.rxDropped(DEVICE)));
        }
        Counters mid = read(middle, false);
        return new WireCount(host(srv, mid.txDropped(MID_TO_SERVER) + srv.rxDropped(DEVICE)),
                host(cli, mid.txDropped(MID_TO_CLIENT) + cli.rxDropped(DEVICE)),
                mid.arrivals("from_server").plusDropped(srv.txDropped(DEVICE) + mid.rxDropped(MID_TO_SERVER)),
                mid.arrivals("from_client").plusDropped(cli.txDropped(DEVICE) + mid.rxDropped(MID_TO_CLIENT)));
    }

    /**
     * The raw numbers of one namespace: nftables counters by "table.name", the snmp counters, and
     * each device's drops by "name.tx" and "name.rx".
     */
    private record Counters(Map<String, long[]> nft, Map<String, Long> snmp, Map<String, Long> drops) {
        long packets(String key) {
            return nft.getOrDefault(key, new long[2])[0];
        }

        long txDropped(String device) {
            return drops.getOrDefault(device + ".tx", 0L);
        }

        long rxDropped(String device) {
            return drops.getOrDefault(device + ".rx", 0L);
        }

        Arrivals arrivals(String name) {
            long[] none = new long[2];
            String t = "ndwire_" + name + "." + name;
            long[] all = nft.getOrDefault(t + "_all", none);
            long[] udp = nft.getOrDefault(t + "_udp", none);
            long[] tcp = nft.getOrDefault(t + "_tcp", none);
            return new Arrivals(all[0], all[1], udp[0], udp[1], tcp[0], tcp[1], 0);
        }
    }

    /** @param droppedBefore packets the veth pair dropped on their way to this end */
    private static HostCounters host(Counters c, long droppedBefore) {
        Map<String, Long> snmp = c.snmp();
        return new HostCounters(c.arrivals("in").plusDropped(droppedBefore), c.packets("ndlab.lost"), c.packets("ndlab.firewall"),
                snmp.getOrDefault("Udp.RcvbufErrors", 0L) + snmp.getOrDefault("Udp6RcvbufErrors", 0L),
                snmp.getOrDefault("Udp.SndbufErrors", 0L) + snmp.getOrDefault("Udp6SndbufErrors", 0L),
                snmp.getOrDefault("Tcp.RetransSegs", 0L));
    }

    private static Counters read(String ns, boolean withSnmp) throws LabException {
        String script = "nft -j list counters && echo '#link' && ip -s -j link show && echo '#snmp'"
                + (withSnmp ? " && cat /proc/net/snmp /proc/net/snmp6" : "");
        String text = Shell.run(Shell.in(ns, "sh", "-c", script));
        int link = text.indexOf("#link");
        int split = text.indexOf("#snmp");
        if (link < 0 || split < link) {
            throw new LabException("unexpected counter output in " + ns + ": " + Shell.firstLine(text));
        }
        Map<String, long[]> nft = new HashMap<>();
        Map<String, Long> drops = new HashMap<>();
        try {
            ObjectMapper json = JSON;
            for (JsonNode device : json.readTree(text.substring(link + "#link".length(), split))) {
                String name = device.path("ifname").asText();
                drops.put(name + ".tx", device.path("stats64").path("tx").path("dropped").asLong());
                drops.put(name + ".rx", device.path("stats64").path("rx").path("dropped").asLong());
            }
            JsonNode root = json.readTree(text.substring(0, link));
            for (JsonNode item : root.path("nftables")) {
                JsonNode c = item.get("counter");
                if (c != null) {
                    nft.put(c.path("table").asText() + "." + c.path("name").asText(),
                            new long[] {c.path("packets").asLong(), c.path("bytes").asLong()});
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot read the nftables counters of " + ns + ": " + e.getMessage(), e);
        }
        return new Counters(nft, Snmp.parse(text.substring(split + "#snmp".length())), drops);
    }

    /** Stops every process in the lab's namespaces and deletes them. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (emulator != null) {
            emulator.close();
        }
        for (String ns : created.reversed()) {
            killEverythingIn(ns);
            try {
                Shell.run("ip", "netns", "del", ns);
            } catch (LabException e) {
                System.err.println("netdisk lab: could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
        created.clear();
        if (reaper != null) {
            reaper.destroy();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // Already shutting down: the hook is running or ran.
            }
        }
    }

    private static void killEverythingIn(String ns) {
        for (String signal : List.of("TERM", "KILL")) {
            List<Long> pids = pids(ns);
            if (pids.isEmpty()) {
                return;
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    if (signal.equals("TERM")) {
                        p.destroy();
                    } else {
                        p.destroyForcibly();
                    }
                });
            }
            long deadline = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < deadline && pids.stream().anyMatch(LabNetwork::alive)) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<Long> pids(String ns) {
        try {
            return Shell.run("ip", "netns", "pids", ns).lines().map(String::strip).filter(s -> !s.isEmpty())
                    .map(Long::parseLong).toList();
        } catch (LabException | NumberFormatException e) {
            return List.of();
        }
    }

    /** Namespaces of labs whose process is gone (killed outright, reaper and all). */
    private static void removeStale() throws LabException {
        for (String line : Shell.run("ip", "netns", "list").lines().toList()) {
            String name = line.split("\\s+")[0];
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String[] parts = name.substring(PREFIX.length()).split("-");
            long owner;
            try {
                owner = Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (owner != ProcessHandle.current().pid() && alive(owner)) {
                continue; // another lab is running
            }
            killEverythingIn(name);
            Shell.attempt(List.of("ip", "netns", "del", name), null);
        }
    }

    /**
     * A shell outside the JVM's process group that waits for the JVM to end and then removes the
     * namespaces, for when the JVM is killed without running its shutdown hooks.
     */
    private void startReaper(List<String> namespaces) {
        String script = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; shift; for ns in \"$@\"; do "
                + "for p in $(ip netns pids \"$ns\" 2>/dev/null); do kill -9 \"$p\" 2>/dev/null; done; "
                + "ip netns del \"$ns\" 2>/dev/null; done";
        List<String> command = new ArrayList<>();
        if (Executables.find("setsid").isPresent()) {
            command.add("setsid"); // a Ctrl-C to the terminal's process group must not stop it
        }
        command.addAll(List.of("sh", "-c", script, "netdisk-lab-reaper", Long.toString(ProcessHandle.current().pid())));
        command.addAll(namespaces);
        try {
            reaper = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            reaper = null; // the shutdown hook still cleans up; only a kill -9 would leave namespaces
        }
    }
}
