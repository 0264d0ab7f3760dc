package netdisk.services.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The client's side of discovery (spec/discovery.md 3): one question to every target, once more
 * after a third of the wait, then answers until the wait ends. Bounded: two sends per target and
 * one wait, whatever comes back.
 */
public final class Discovery {

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);
    public static final Duration MIN_WAIT = Duration.ofMillis(100);
    public static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** When the question is asked again: a third of the wait, at most this. */
    static final Duration MAX_REPEAT_AFTER = Duration.ofMillis(300);

    /**
     * What to ask.
     *
     * @param port the servers' port (6969 by default)
     * @param timeout how long to collect answers, {@link #MIN_WAIT} to {@link #MAX_WAIT}
     * @param targets where the question goes: {@link DiscoveryTargets#onLinks} or given addresses
     */
    public record Request(int port, Duration timeout, List<InetAddress> targets) {
        public Request {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
            if (timeout.compareTo(MIN_WAIT) < 0 || timeout.compareTo(MAX_WAIT) > 0) {
                throw new IllegalArgumentException("the wait is " + MIN_WAIT.toMillis() + ".." + MAX_WAIT.toMillis()
                        + " ms, not " + timeout.toMillis());
            }
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("nowhere to ask: no target");
            }
        }
    }

    /**
     * What a run found, and where the question could not go.
     *
     * @param servers one per id, in the order they first answered
     * @param unreachable the targets the system refused to send to, with its reason (no route ...)
     */
    public record Result(List<DiscoveredServer> servers, Map<InetAddress, String> unreachable) {
        public Result {
            servers = List.copyOf(servers);
            unreachable = Map.copyOf(unreachable);
        }

        /** The servers whose name is {@code name}, compared ignoring case. */
        public List<DiscoveredServer> named(String name) {
            return servers.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .toList();
        }
    }

    private Discovery() {}

    /** Asks, waits, and returns who answered. */
    public static Result run(Request request) throws IOException {
        long nonce = new SecureRandom().nextLong();
        byte[] question = DiscoveryCodec.encode(DiscoveryQuestion.padded(nonce));
        Map<InetAddress, String> unreachable = new LinkedHashMap<>();
        Map<String, Heard> heard = new LinkedHashMap<>();
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setBroadcast(true);
            socket.bind(new InetSocketAddress(0));
            long start = System.nanoTime();
            long deadline = start + request.timeout().toNanos();
            long repeatAt = start + Math.min(request.timeout().toNanos() / 3, MAX_REPEAT_AFTER.toNanos());
            askAll(socket, question, request, unreachable);
            boolean repeated = false;
            byte[] buffer = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (true) {
                long now = System.nanoTime();
                if (!repeated && now - repeatAt >= 0) {
                    askAll(socket, question, request, unreachable);
                    repeated = true;
                }
                long until = repeated ? deadline : repeatAt;
                long left = until - now;
                if (left <= 0) {
                    if (repeated) {
                        break;
                    }
                    continue;
                }
                socket.setSoTimeout((int) Math.max(1, (left + 999_999) / 1_000_000));
                packet.setLength(buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                take(ByteBuffer.wrap(buffer, 0, packet.getLength()), packet.getAddress(), nonce, heard);
            }
        }
        List<DiscoveredServer> servers = new ArrayList<>();
        for (Heard h : heard.values()) {
            DiscoveryAnswer a = h.first;
            servers.add(new DiscoveredServer(a.name(), a.id(), a.port(), a.protocol(), a.publicFolder(), a.version(),
                    List.copyOf(h.from)));
        }
        return new Result(servers, unreachable);
    }

    /** One round: the question to every target; a refused send is noted, not fatal. */
    private static void askAll(DatagramSocket socket, byte[] question, Request request,
            Map<InetAddress, String> unreachable) {
        for (InetAddress target : request.targets()) {
            try {
                socket.send(new DatagramPacket(question, question.length, new InetSocketAddress(target, request.port())));
            } catch (IOException | RuntimeException e) {
                unreachable.putIfAbsent(target, Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
            }
        }
    }

    /** An answer to our question is merged in by id; everything else is dropped. */
    private static void take(ByteBuffer datagram, InetAddress from, long nonce, Map<String, Heard> heard) {
        DiscoveryMessage message;
        try {
            message = DiscoveryCodec.decode(datagram);
        } catch (MalformedDiscoveryException e) {
            return;
        }
        if (message instanceof DiscoveryAnswer answer && answer.nonce() == nonce) {
            heard.computeIfAbsent(answer.id(), id -> new Heard(answer)).from.add(from);
        }
    }

    private static final class Heard {
        final DiscoveryAnswer first;
        final Set<InetAddress> from = new LinkedHashSet<>();

        Heard(DiscoveryAnswer first) {
            this.first = first;
        }
    }
}
