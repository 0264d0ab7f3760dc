package netdisk.udp.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Function;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.Request;

/**
 * Two state machines over a simulated network with a virtual clock: fully deterministic for a
 * seed, and thousands of times faster than real sockets. Every packet goes through the codec.
 *
 * <p>The client machine starts; the server machine is made from the first request that reaches
 * the server side (later copies of the request are ignored, as the real server does).
 */
final class SimulatedTransfer {

    /**
     * What the network does to each packet, per direction.
     *
     * @param bytesPerSecond the link's rate, 0 for infinite: each direction then serialises its
     *     packets one after another (a window takes time to cross, as on a real link), and what
     *     is lost is lost after it used the link
     */
    record Network(double loss, double duplication, double reorder, long latencyNanos, long jitterNanos,
            long bytesPerSecond) {
        Network(double loss, double duplication, double reorder, long latencyNanos, long jitterNanos) {
            this(loss, duplication, reorder, latencyNanos, jitterNanos, 0);
        }

        static Network perfect() {
            return new Network(0, 0, 0, 50_000, 0);
        }

        static Network lossy(double loss) {
            return new Network(loss, 0, 0, 50_000, 20_000);
        }

        static Network hostile(double loss, double duplication, double reorder) {
            return new Network(loss, duplication, reorder, 50_000, 40_000);
        }

        /** A gigabit LAN: 50 µs each way, 10 µs of jitter, 125 MB/s, random loss each way. */
        static Network gigabit(double loss) {
            return new Network(loss, 0, 0, 50_000, 10_000, 125_000_000);
        }

        Network withLatency(long nanos) {
            return new Network(loss, duplication, reorder, nanos, jitterNanos, bytesPerSecond);
        }
    }

    /** Drops packets chosen by a test: (direction toServer?, packet, how many of that kind seen) -> drop? */
    interface Script {
        boolean drop(boolean toServer, Packet packet, int occurrence);

        Script NONE = (toServer, packet, occurrence) -> false;
    }

    record Result(Reaction clientEnd, Reaction serverEnd, long virtualNanos, long packetsSent,
            TransferCounters clientCounters, TransferCounters serverCounters) {
        boolean clientSucceeded() {
            return clientEnd instanceof Reaction.Finished;
        }

        boolean serverSucceeded() {
            return serverEnd instanceof Reaction.Finished;
        }
    }

    private record Delivery(long at, long seq, boolean toServer, byte[] bytes) implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final Random random;
    private final Network network;
    private final Script script;
    private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>();
    private final java.util.Map<String, Integer> occurrences = new java.util.HashMap<>();
    private final List<Packet> sentToServer = new ArrayList<>();
    private final List<Packet> sentToClient = new ArrayList<>();
    private final java.util.ArrayDeque<String> trace = new java.util.ArrayDeque<>();
    private long seq;
    private long now = 1_000_000_000L;
    private boolean recordPackets = true;
    private long packetsSent;
    private long lostToServer;
    private long lostToClient;
    /** When each direction's link is free again (only with a rate). */
    private long linkFreeToServer;
    private long linkFreeToClient;

    /** Packets the network's random loss dropped on their way to the server (or to the client). */
    long lostTo(boolean server) {
        return server ? lostToServer : lostToClient;
    }

    SimulatedTransfer(long seed, Network network, Script script) {
        this.random = new Random(seed);
        this.network = network;
        this.script = script;
    }

    SimulatedTransfer(long seed, Network network) {
        this(seed, network, Script.NONE);
    }

    /** The last 60 packets sent, with virtual time and fate: printed when a scenario fails. */
    String trace() {
        return String.join("\n", trace);
    }

    private void log(String line) {
        if (trace.size() == 60) {
            trace.removeFirst();
        }
        trace.addLast(String.format("%10.3f ms %s", (now - 1_000_000_000L) / 1e6, line));
    }

    List<Packet> sentToServer() {
        return sentToServer;
    }

    /** Keeps memory flat for transfers of millions of packets. */
    SimulatedTransfer withoutRecording() {
        recordPackets = false;
        return this;
    }

    List<Packet> sentToClient() {
        return sentToClient;
    }

    /**
     * Runs until both sides ended (and dallies are over) or the limits are hit.
     *
     * @param serverFactory makes the server's machine from the request it received
     */
    Result run(TransferMachine client, Function<Request, TransferMachine> serverFactory, long maxVirtualNanos) {
        Side c = new Side(client);
        Side s = new Side(null);
        c.react(client.start(now), false);
        long limit = now + maxVirtualNanos;
        while (now < limit) {
            if (c.over() && s.over() && (s.machine != null || c.end instanceof Reaction.Failed)) {
                break;
            }
            long next = Long.MAX_VALUE;
            if (!inFlight.isEmpty()) {
                next = inFlight.peek().at;
            }
            next = Math.min(next, c.wakeAt());
            next = Math.min(next, s.wakeAt());
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = Math.max(now, next);
            if (!inFlight.isEmpty() && inFlight.peek().at <= now) {
                Delivery d = inFlight.poll();
                Packet packet;
                try {
                    packet = PacketCodec.decode(d.bytes);
                } catch (MalformedPacketException e) {
                    throw new AssertionError("the machines produced an undecodable packet", e);
                }
                Side to = d.toServer ? s : c;
                if (d.toServer && s.machine == null) {
                    if (packet instanceof Request request) {
                        s.machine = serverFactory.apply(request);
                        s.react(s.machine.start(now), true);
                    }
                    continue;
                }
                if (d.toServer && packet instanceof Request) {
                    continue; // a repeated request: the real server ignores it while the transfer runs
                }
                to.deliver(packet, d.toServer);
                continue;
            }
            if (c.deadlineDue()) {
                c.timeout(false);
            } else if (s.deadlineDue()) {
                s.timeout(true);
            }
        }
        return new Result(c.end, s.end, now - 1_000_000_000L, packetsSent, client.counters(),
                s.machine == null ? null : s.machine.counters());
    }

    private void transmit(List<Packet> packets, boolean toServer) {
        for (Packet p : packets) {
            packetsSent++;
            if (recordPackets) {
                (toServer ? sentToServer : sentToClient).add(p);
            }
            if (script != Script.NONE) {
                String key = (toServer ? ">" : "<") + p.opcode() + blockOf(p);
                int occurrence = occurrences.merge(key, 1, Integer::sum);
                if (script.drop(toServer, p, occurrence)) {
                    continue;
                }
            }
            long departure = now;
            if (network.bytesPerSecond() > 0) {
                long onLink = (PacketCodec.toBytes(p).length + 28) * 1_000_000_000L / network.bytesPerSecond();
                long free = Math.max(now, toServer ? linkFreeToServer : linkFreeToClient) + onLink;
                if (toServer) {
                    linkFreeToServer = free;
                } else {
                    linkFreeToClient = free;
                }
                departure = free;
            }
            if (random.nextDouble() < network.loss()) {
                if (toServer) {
                    lostToServer++;
                } else {
                    lostToClient++;
                }
                log((toServer ? "-> " : "<- ") + p + " LOST");
                continue;
            }
            log((toServer ? "-> " : "<- ") + p);
            byte[] bytes = PacketCodec.toBytes(p);
            int copies = random.nextDouble() < network.duplication() ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                long delay = network.latencyNanos()
                        + (network.jitterNanos() > 0 ? (long) (random.nextDouble() * network.jitterNanos()) : 0);
                if (random.nextDouble() < network.reorder()) {
                    delay += network.latencyNanos() * 3;
                }
                inFlight.add(new Delivery(departure + delay, seq++, toServer, bytes));
            }
        }
    }

    private static String blockOf(Packet p) {
        return switch (p) {
            case netdisk.udp.packet.Data d -> "#" + d.block();
            case netdisk.udp.packet.Ack a -> "#" + a.block();
            default -> "";
        };
    }

    private final class Side {
        TransferMachine machine;
        Reaction end;
        long deadline = Long.MAX_VALUE;
        long dallyUntil = Long.MIN_VALUE;

        Side(TransferMachine machine) {
            this.machine = machine;
        }

        boolean over() {
            return end != null && now >= dallyUntil;
        }

        long wakeAt() {
            if (end != null) {
                return now < dallyUntil ? dallyUntil : Long.MAX_VALUE;
            }
            return deadline;
        }

        boolean deadlineDue() {
            return end == null && machine != null && deadline <= now;
        }

        void react(Reaction r, boolean isServer) {
            transmit(r.send(), !isServer);
            switch (r) {
                case Reaction.Continue next -> deadline = next.deadline();
                case Reaction.Finished f -> {
                    end = f;
                    dallyUntil = f.dallyUntil();
                }
                case Reaction.Failed f -> end = f;
            }
        }

        void deliver(Packet packet, boolean isServer) {
            if (end instanceof Reaction.Failed) {
                return;
            }
            if (end instanceof Reaction.Finished) {
                if (now < dallyUntil) {
                    Reaction r = machine.onPacket(packet, now);
                    transmit(r.send(), !isServer);
                    if (r instanceof Reaction.Finished f) {
                        dallyUntil = f.dallyUntil();
                    }
                }
                return;
            }
            react(machine.onPacket(packet, now), isServer);
        }

        void timeout(boolean isServer) {
            react(machine.onTimeout(now), isServer);
        }
    }
}
