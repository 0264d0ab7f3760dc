package netdisk.tools.lab;

/**
 * What crossed the lab's link during one run, as the kernels counted it.
 *
 * <p>What a host put on the wire is counted where it arrives first: at the other end of a direct
 * link, or at the router of a routed one ({@code fromServer}, {@code fromClient}). What reached
 * the receiver is its own arrivals; the difference is what the router lost (the emulator's burst
 * loss, a full bottleneck queue), and the receiver's loss rule drops the rest on arrival.
 *
 * @param fromServer what the router received from the server; null without a router
 * @param fromClient what the router received from the client; null without a router
 */
public record WireCount(HostCounters server, HostCounters client, Arrivals fromServer, Arrivals fromClient) {

    public static WireCount direct(HostCounters server, HostCounters client) {
        return new WireCount(server, client, null, null);
    }

    public WireCount minus(WireCount earlier) {
        return new WireCount(server.minus(earlier.server), client.minus(earlier.client),
                fromServer == null ? null : fromServer.minus(earlier.fromServer),
                fromClient == null ? null : fromClient.minus(earlier.fromClient));
    }

    /** The host that receives in this direction. */
    public HostCounters receiver(Way way) {
        return way == Way.DOWN ? client : server;
    }

    /** What the sender of this direction put on the wire. */
    public Arrivals sent(Way way) {
        Arrivals atRouter = way == Way.DOWN ? fromServer : fromClient;
        return atRouter != null ? atRouter : receiver(way).arrivals();
    }

    /** Packets put on the link in both directions. */
    public long packets() {
        return sent(Way.DOWN).sentPackets() + sent(Way.UP).sentPackets();
    }

    /** IP bytes put on the link in both directions. */
    public long bytes() {
        return sent(Way.DOWN).bytes() + sent(Way.UP).bytes();
    }

    /**
     * Packets lost in this direction: those the sender put on the wire that did not reach the
     * receiver, plus those the receiver's loss rule dropped on arrival.
     */
    public long lost(Way way) {
        long onTheWay = Math.max(0, sent(way).sentPackets() - receiver(way).arrivals().packets());
        return onTheWay + receiver(way).lostPackets();
    }

}
