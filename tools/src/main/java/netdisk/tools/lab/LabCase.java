package netdisk.tools.lab;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the lab measures: one client and one server moving the same file. Every case but the
 * uploads downloads the lab's file from the server's namespace into the client's.
 */
public enum LabCase {
    LOCKSTEP("lockstep", "netdisk get, RFC 1350 lockstep (blksize 512, windowsize 1)", Server.NETDISK, Way.DOWN, true,
            List.of("--blksize", "512", "--windowsize", "1")),
    WINDOWED("windowed", "netdisk get, RFC 7440 windows (blksize 1428, windowsize 64)", Server.NETDISK, Way.DOWN,
            true, List.of("--blksize", "1428", "--windowsize", "64")),
    DEFAULTS("defaults", "netdisk get, UDP at the client's defaults (flow mode, blksize 1428)", Server.NETDISK,
            Way.DOWN, true, List.of()),
    TCP("tcp", "netdisk get --via tcp", Server.NETDISK, Way.DOWN, false, List.of("--via", "tcp")),
    PUT_UDP("put-udp", "netdisk put, UDP at the client's defaults (flow mode)", Server.NETDISK, Way.UP, true, List.of()),
    PUT_TCP("put-tcp", "netdisk put --via tcp", Server.NETDISK, Way.UP, false, List.of("--via", "tcp")),
    TFTPD_HPA("tftpd-hpa", "curl tftp:// from tftpd-hpa (blksize 1428, lockstep)", Server.TFTPD_HPA, Way.DOWN, true,
            List.of()),
    ATFTP("atftp", "atftp from atftpd (blksize 1428, windowsize 64)", Server.ATFTPD, Way.DOWN, true, List.of()),
    NGINX("nginx", "curl http:// from nginx (the TCP reference)", Server.NGINX, Way.DOWN, false, List.of());

    /** What serves a case, started once per lab in the server's namespace. */
    public enum Server {
        NETDISK(null),
        TFTPD_HPA(Peer.TFTPD_HPA),
        ATFTPD(Peer.ATFTPD),
        NGINX(Peer.NGINX);

        private final Peer peer;

        Server(Peer peer) {
            this.peer = peer;
        }

        /** The third-party program, or empty for netdisk's own server. */
        public Optional<Peer> peer() {
            return Optional.ofNullable(peer);
        }
    }

    /** The cases a lab runs when --cases is not given: the downloads, each against its reference. */
    public static final List<LabCase> DEFAULT = List.of(LOCKSTEP, WINDOWED, DEFAULTS, TCP, TFTPD_HPA, ATFTP, NGINX);

    private final String id;
    private final String description;
    private final Server server;
    private final Way data;
    private final boolean udp;
    private final List<String> flags;

    LabCase(String id, String description, Server server, Way data, boolean udp, List<String> flags) {
        this.id = id;
        this.description = description;
        this.server = server;
        this.data = data;
        this.udp = udp;
        this.flags = flags;
    }

    /** The name in --cases, the table and the files. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Server server() {
        return server;
    }

    /** Which way the file's bytes travel. */
    public Way data() {
        return data;
    }

    public boolean udp() {
        return udp;
    }

    /** Whether netdisk's own client runs it (its summary then tells retransmissions and timeouts). */
    public boolean netdiskClient() {
        return server == Server.NETDISK;
    }

    /** The netdisk client's transfer flags for this case. */
    List<String> netdiskFlags() {
        return flags;
    }

    /** The client program this case needs besides netdisk, if any. */
    Optional<Peer> clientPeer() {
        return switch (this) {
            case TFTPD_HPA, NGINX -> Optional.of(Peer.CURL);
            case ATFTP -> Optional.of(Peer.ATFTP);
            default -> Optional.empty();
        };
    }

    /** Parses --cases: ids, "default" or "all", comma-separated. */
    public static List<LabCase> parse(List<String> names) {
        java.util.LinkedHashSet<LabCase> cases = new java.util.LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "default" -> cases.addAll(DEFAULT);
                case "all" -> cases.addAll(Arrays.asList(values()));
                default -> cases.add(Arrays.stream(values()).filter(c -> c.id.equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown case '" + raw + "'; the cases are "
                                + String.join(", ", Arrays.stream(values()).map(LabCase::id).toList())
                                + ", default and all")));
            }
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("--cases names no case");
        }
        return List.copyOf(cases);
    }
}
