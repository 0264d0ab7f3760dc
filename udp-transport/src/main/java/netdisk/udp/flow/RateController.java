package netdisk.udp.flow;

/**
 * Flow mode's congestion controller: how fast the sender paces datagrams and how many it keeps in
 * flight. In the spirit of BBR (Cardwell et al., 2016): it models the path by its bottleneck rate
 * (the highest delivery rate seen over the last {@link #BANDWIDTH_ROUNDS} round trips) and its
 * round-trip floor, and paces at that rate times a gain that probes for more now and then.
 *
 * <p>Why not loss-based (Reno, CUBIC): on Wi-Fi and a lossy LAN most loss is random, not a full
 * queue; halving on each loss is what keeps TCP at a fraction of the link at 5 % loss. A rate
 * model sees random loss as what it is, a delivery rate a little below the sending rate, and
 * keeps sending. It still reacts to congestion (RFC 8085 §3.1): a full bottleneck stops the
 * delivery rate from growing, the window is bounded by twice the path's bandwidth-delay product,
 * and the circuit breaker (RFC 8084) halves the rate on every round trip in which more than half
 * of what was sent was lost, for as long as that lasts.
 *
 * <p>Times are nanoseconds, rates bytes per second. No I/O, no clock of its own.
 */
public final class RateController {

    private enum Phase { STARTUP, DRAIN, PROBE_BANDWIDTH, PROBE_RTT }

    /** BBR's startup gain, 2/ln 2: doubles the delivery rate every round trip. */
    private static final double STARTUP_GAIN = 2.885;
    /** Pacing gains of the probing cycle, one per round trip: probe up, drain what it queued, cruise. */
    private static final double[] PROBE_GAINS = {1.25, 0.75, 1, 1, 1, 1, 1, 1};
    private static final double PROBE_WINDOW_GAIN = 2;
    /** The bottleneck estimate is the highest sample over this many round trips. */
    static final int BANDWIDTH_ROUNDS = 10;
    /**
     * The round-trip floor is the lowest sample over this span; a floor this old is measured
     * again by {@link Phase#PROBE_RTT}.
     */
    private static final long MIN_RTT_SPAN_NANOS = 10_000_000_000L;
    /**
     * BBR's PROBE_RTT: how long the sender keeps almost nothing in flight to see the floor again
     * (and at least one round trip). A floor first measured while a queue stood (a TCP download
     * had filled it before our first round trip, or our own rate had) hides every later queue:
     * no round looks queued, and flow mode took 88 % of a 100 Mbit/s link from a TCP flow in one
     * of three runs. Draining for 200 ms every 10 s costs 2 % of the rate.
     */
    private static final long PROBE_RTT_NANOS = 200_000_000L;
    /**
     * The first probe comes sooner: the floor measured while the sender was finding its rate is
     * the likeliest to hold a queue (startup's gain of 2.9 builds one, and a TCP flow may have
     * filled the bottleneck before our first round trip). With the first probe at 10 s flow mode
     * had 87–91 % of a 100 Mbit/s link against a TCP download over the first 10 s (three runs);
     * at 2 s, 50.5–51.6 %.
     */
    private static final long FIRST_PROBE_RTT_AFTER_NANOS = 2_000_000_000L;
    /**
     * Datagrams in flight while the floor is probed: the receiver acknowledges every 8th at once
     * (the others wait up to a millisecond), so fewer would time its ACK delay, not the path.
     */
    static final int PROBE_RTT_WINDOW = 8;
    /**
     * Added to the round-trip floor when sizing the window. On a LAN the floor is ~100 µs, but
     * ACKs come in groups (one per {@code 8} datagrams, or after up to a millisecond) and the
     * sender's timers have millisecond resolution, so a window of rate × floor would idle the
     * path between groups.
     */
    private static final long AGGREGATION_NANOS = 2_000_000;
    /** Datagrams in flight before anything was measured, and never fewer than this. */
    public static final int INITIAL_WINDOW = 32;
    private static final long INITIAL_RTT_NANOS = 1_000_000;
    /** A round in which more than this share of settled datagrams was lost counts towards the breaker. */
    private static final double BREAKER_LOSS = 0.5;
    /** Consecutive heavy-loss rounds before the breaker acts. */
    private static final int BREAKER_ROUNDS = 3;
    /**
     * A round with more than this share lost, while even its fastest round trip sat above the
     * floor by {@link #QUEUE_NANOS}, was lost to a full queue: congestion, not random loss.
     */
    private static final double CONGESTION_LOSS = 0.02;
    /**
     * A standing queue: the shortest round trip of a round this much above the path's floor.
     * Random loss on an idle link leaves the round trips at the floor; a full bottleneck adds its
     * queue to every one of them (the lab's 100 Mbit/s tbf: up to 25 ms). A garbage collection
     * or a descheduled peer delays some round trips of a round, not its fastest.
     */
    private static final long QUEUE_NANOS = 5_000_000;
    /** What a congested round leaves of the estimate (BBRv2's loss response, beta 0.7, gentler). */
    private static final double CONGESTION_BACKOFF = 0.85;
    /** The rate never goes below this many datagrams per second: a probe still gets through. */
    private static final double MIN_PACKETS_PER_SECOND = 100;

    private final int packetBytes;
    private Phase phase = Phase.STARTUP;

    private final double[] roundMax = new double[BANDWIDTH_ROUNDS];
    private int roundIndex;
    private double bottleneck;

    private long minRtt = -1;
    private long minRttAt;
    /** While probing the floor: when it may end, the lowest sample so far, and whether a round ended. */
    private long probeRttEnd;
    private long probeRttMin;
    private boolean probeRttRoundEnded;
    private long floorProbes;

    private double fullBandwidth;
    private int roundsWithoutGrowth;
    private int probeIndex = 2;

    private long roundLost;
    private long roundDelivered;
    private long roundMinRtt = Long.MAX_VALUE;
    private long congestionBackoffs;
    private int heavyLossRounds;
    private long breakerTrips;

    public RateController(int packetBytes) {
        if (packetBytes <= 0) {
            throw new IllegalArgumentException("packetBytes must be positive");
        }
        this.packetBytes = packetBytes;
    }

    /** A round-trip sample (already without the receiver's ACK delay). */
    public void onRoundTrip(long rttNanos, long now) {
        if (rttNanos <= 0) {
            rttNanos = 1;
        }
        roundMinRtt = Math.min(roundMinRtt, rttNanos);
        // Strictly lower, as Linux's BBR: a standing queue repeats the same round trip for ever,
        // and an equal sample must not keep a floor measured over it from growing old.
        if (minRtt < 0 || rttNanos < minRtt) {
            minRtt = rttNanos;
            minRttAt = now;
        }
        if (phase == Phase.PROBE_RTT) {
            probeRttMin = Math.min(probeRttMin, rttNanos);
            if (now - probeRttEnd >= 0 && probeRttRoundEnded) {
                // What the drained path showed is the floor now, lower or higher than the old one.
                minRtt = probeRttMin;
                minRttAt = now;
                phase = Phase.PROBE_BANDWIDTH;
                probeIndex = 2;
            }
        } else if (now - minRttAt > (floorProbes == 0 ? FIRST_PROBE_RTT_AFTER_NANOS : MIN_RTT_SPAN_NANOS)) {
            if (phase == Phase.STARTUP) {
                minRtt = rttNanos; // still finding the rate: no draining yet, take what comes
                minRttAt = now;
            } else {
                floorProbes++;
                phase = Phase.PROBE_RTT;
                probeRttEnd = now + PROBE_RTT_NANOS;
                probeRttMin = Long.MAX_VALUE;
                probeRttRoundEnded = false;
            }
        }
    }

    /**
     * A delivery-rate sample: {@code bytes} delivered over {@code intervalNanos}. Samples whose
     * interval is shorter than the round-trip floor are skipped: a burst of ACKs that left the
     * receiver together says nothing about the path's rate.
     */
    public void onDeliveryRate(long bytes, long intervalNanos) {
        if (phase == Phase.PROBE_RTT) {
            return; // what 8 datagrams in flight deliver says nothing about the path's rate
        }
        if (bytes <= 0 || intervalNanos <= 0 || minRtt > 0 && intervalNanos < minRtt) {
            return;
        }
        double rate = bytes * 1e9 / intervalNanos;
        if (rate > roundMax[roundIndex]) {
            roundMax[roundIndex] = rate;
        }
        if (rate > bottleneck) {
            bottleneck = rate;
        }
    }

    /** Datagrams settled by one ACK: delivered, and declared lost. */
    public void onSettled(long delivered, long lost) {
        roundDelivered += delivered;
        roundLost += lost;
    }

    /**
     * A round trip ended (the ACK of a datagram sent at the start of the round arrived).
     *
     * @param inFlight datagrams in flight now
     */
    public void onRoundEnd(long inFlight) {
        long settled = roundDelivered + roundLost;
        boolean heavyLoss = settled >= 8 && roundLost > BREAKER_LOSS * settled;
        heavyLossRounds = heavyLoss ? heavyLossRounds + 1 : 0;
        boolean queueFull = settled >= 8 && roundLost > CONGESTION_LOSS * settled
                && roundMinRtt != Long.MAX_VALUE && minRtt > 0 && roundMinRtt - minRtt >= QUEUE_NANOS;
        roundDelivered = 0;
        roundLost = 0;
        roundMinRtt = Long.MAX_VALUE;
        if (phase == Phase.PROBE_RTT) {
            // The rate estimate holds still while the floor is probed: on a LAN 200 ms are
            // hundreds of round trips, which would otherwise age every real sample out of it.
            probeRttRoundEnded = true;
            return;
        }

        roundIndex = (roundIndex + 1) % BANDWIDTH_ROUNDS;
        roundMax[roundIndex] = 0;
        bottleneck = 0;
        for (double r : roundMax) {
            bottleneck = Math.max(bottleneck, r);
        }
        if (heavyLossRounds >= BREAKER_ROUNDS) {
            // RFC 8084: persistent heavy loss is congestion whatever the model says. Halve the
            // estimate itself (not only this round's rate), so it takes rounds to climb back.
            breakerTrips++;
            java.util.Arrays.fill(roundMax, Math.max(minimumRate(), bottleneck / 2));
            bottleneck = roundMax[0];
            phase = Phase.PROBE_BANDWIDTH;
            probeIndex = 1;
            return;
        }
        if (queueFull && phase != Phase.STARTUP) {
            // Loss with a standing queue is a full bottleneck shared with others (a TCP flow
            // that fills it): give way a little every such round, as a loss-based flow would.
            // Without it flow mode took 83 % of a 100 Mbit/s tbf from a TCP download beside it.
            congestionBackoffs++;
            java.util.Arrays.fill(roundMax, Math.max(minimumRate(), bottleneck * CONGESTION_BACKOFF));
            bottleneck = roundMax[0];
        }
        switch (phase) {
            case STARTUP -> {
                if (bottleneck >= fullBandwidth * 1.25) {
                    fullBandwidth = bottleneck;
                    roundsWithoutGrowth = 0;
                } else if (bottleneck > 0 && ++roundsWithoutGrowth >= 3) {
                    phase = Phase.DRAIN;
                }
            }
            case DRAIN -> {
                if (inFlight <= bandwidthDelayPackets()) {
                    phase = Phase.PROBE_BANDWIDTH;
                    probeIndex = 2;
                }
            }
            case PROBE_BANDWIDTH, PROBE_RTT -> probeIndex = (probeIndex + 1) % PROBE_GAINS.length;
        }
    }

    /** The rate to pace at, bytes per second. */
    public double pacingRate() {
        if (bottleneck <= 0) {
            return INITIAL_WINDOW * (double) packetBytes * 1e9 / rttOrInitial();
        }
        double gain = switch (phase) {
            case STARTUP -> STARTUP_GAIN;
            case DRAIN -> 1 / STARTUP_GAIN;
            case PROBE_BANDWIDTH -> PROBE_GAINS[probeIndex];
            case PROBE_RTT -> 1;
        };
        return Math.max(minimumRate(), gain * bottleneck);
    }

    /** Datagrams allowed in flight. */
    public long window() {
        if (phase == Phase.PROBE_RTT) {
            return PROBE_RTT_WINDOW;
        }
        if (bottleneck <= 0) {
            return INITIAL_WINDOW;
        }
        double gain = phase == Phase.PROBE_BANDWIDTH ? PROBE_WINDOW_GAIN : STARTUP_GAIN;
        double bytes = gain * bottleneck * (rttOrInitial() + AGGREGATION_NANOS) / 1e9;
        return Math.max(INITIAL_WINDOW, (long) (bytes / packetBytes) + 16);
    }

    /** The estimated bottleneck rate, bytes per second (0 before any sample). */
    public double bottleneckRate() {
        return bottleneck;
    }

    /** The round-trip floor, or -1 before any sample. */
    public long minRttNanos() {
        return minRtt;
    }

    /** Rounds in which loss with a standing queue lowered the estimate. */
    public long congestionBackoffs() {
        return congestionBackoffs;
    }

    /** Times the sender drained the path to measure its round-trip floor again. */
    public long floorProbes() {
        return floorProbes;
    }

    public boolean probingFloor() {
        return phase == Phase.PROBE_RTT;
    }

    /** Times the circuit breaker halved the rate. */
    public long breakerTrips() {
        return breakerTrips;
    }

    public boolean inStartup() {
        return phase == Phase.STARTUP;
    }

    private long bandwidthDelayPackets() {
        return (long) (bottleneck * (rttOrInitial() + AGGREGATION_NANOS) / 1e9 / packetBytes) + 1;
    }

    private long rttOrInitial() {
        return minRtt > 0 ? minRtt : INITIAL_RTT_NANOS;
    }

    private double minimumRate() {
        return MIN_PACKETS_PER_SECOND * packetBytes;
    }
}
