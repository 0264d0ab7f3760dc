package netdisk.tools.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * What happens to the packets of one direction, and which part of the lab does it.
 *
 * @param lossPercent random loss, dropped by nftables on ingress of the receiving end (per wire
 *     packet, so each IP fragment on its own), 0..100
 * @param burst loss in bursts, by the link emulator
 * @param firewallDropPercent random drops by the sending end's own output chain, so that its
 *     {@code sendto} fails with EPERM as under a local firewall: a different experiment from loss
 *     on the wire, 0..100
 * @param delayMillis one-way delay, by the link emulator
 * @param jitterMillis extra one-way delay of 0..jitter per packet, order kept, by the link emulator
 * @param reorderPercent packets held back so that later ones pass them, by the link emulator
 * @param rateBitsPerSecond a bottleneck (tbf, with a queue) on the middle namespace's way out, 0
 *     for none
 */
public record PathImpairment(double lossPercent, BurstLoss burst, double firewallDropPercent, double delayMillis,
        double jitterMillis, double reorderPercent, long rateBitsPerSecond) {

    public static final PathImpairment NONE = new PathImpairment(0, BurstLoss.NONE, 0, 0, 0, 0, 0);

    /** Longest one-way delay the lab emulates: a satellite hop, not a LAN, but still bounded. */
    public static final double MAX_DELAY_MILLIS = 5_000;

    public PathImpairment {
        percent("loss", lossPercent);
        percent("firewall drop", firewallDropPercent);
        percent("reorder", reorderPercent);
        if (!(delayMillis >= 0 && delayMillis <= MAX_DELAY_MILLIS)) {
            throw new IllegalArgumentException("one-way delay must be 0.." + Numbers.plain(MAX_DELAY_MILLIS) + " ms: "
                    + delayMillis);
        }
        if (!(jitterMillis >= 0 && jitterMillis <= MAX_DELAY_MILLIS)) {
            throw new IllegalArgumentException("jitter must be 0.." + Numbers.plain(MAX_DELAY_MILLIS) + " ms: "
                    + jitterMillis);
        }
        if (rateBitsPerSecond < 0 || (rateBitsPerSecond > 0 && rateBitsPerSecond < 8_000)) {
            throw new IllegalArgumentException("a rate must be at least 8 kbit/s: " + rateBitsPerSecond + " bit/s");
        }
        if (burst == null) {
            burst = BurstLoss.NONE;
        }
    }

    private static void percent(String what, double v) {
        if (!(v >= 0 && v <= 100)) {
            throw new IllegalArgumentException(what + " must be 0..100 %: " + v);
        }
    }

    public PathImpairment withLoss(double percent) {
        return new PathImpairment(percent, burst, firewallDropPercent, delayMillis, jitterMillis, reorderPercent,
                rateBitsPerSecond);
    }

    public PathImpairment withBurst(BurstLoss value) {
        return new PathImpairment(lossPercent, value, firewallDropPercent, delayMillis, jitterMillis, reorderPercent,
                rateBitsPerSecond);
    }

    public PathImpairment withFirewallDrop(double percent) {
        return new PathImpairment(lossPercent, burst, percent, delayMillis, jitterMillis, reorderPercent,
                rateBitsPerSecond);
    }

    public PathImpairment withDelay(double millis) {
        return new PathImpairment(lossPercent, burst, firewallDropPercent, millis, jitterMillis, reorderPercent,
                rateBitsPerSecond);
    }

    public PathImpairment withJitter(double millis) {
        return new PathImpairment(lossPercent, burst, firewallDropPercent, delayMillis, millis, reorderPercent,
                rateBitsPerSecond);
    }

    public PathImpairment withReorder(double percent) {
        return new PathImpairment(lossPercent, burst, firewallDropPercent, delayMillis, jitterMillis, percent,
                rateBitsPerSecond);
    }

    public PathImpairment withRate(long bitsPerSecond) {
        return new PathImpairment(lossPercent, burst, firewallDropPercent, delayMillis, jitterMillis, reorderPercent,
                bitsPerSecond);
    }

    /** Whether packets of this direction must pass the userspace link emulator. */
    public boolean needsEmulator() {
        return delayMillis > 0 || jitterMillis > 0 || reorderPercent > 0 || burst.any();
    }

    /** Whether this direction needs the middle namespace (a router): for the emulator or a bottleneck. */
    public boolean needsMiddle() {
        return needsEmulator() || rateBitsPerSecond > 0;
    }

    /** The emulator's description of this direction (linkem.py's SPEC). */
    String emulatorSpec() {
        List<String> parts = new ArrayList<>();
        if (delayMillis > 0) {
            parts.add("delay=" + Numbers.plain(delayMillis));
        }
        if (jitterMillis > 0) {
            parts.add("jitter=" + Numbers.plain(jitterMillis));
        }
        if (reorderPercent > 0) {
            parts.add("reorder=" + Numbers.plain(reorderPercent));
        }
        if (burst.any()) {
            parts.add("burst=" + Numbers.plain(burst.percent()) + ":" + Numbers.plain(burst.meanLength()));
        }
        return String.join(",", parts);
    }

    /** The impairments in words, or "clean". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (lossPercent > 0) {
            parts.add("loss " + Numbers.plain(lossPercent) + " %");
        }
        if (burst.any()) {
            parts.add("burst loss " + burst);
        }
        if (firewallDropPercent > 0) {
            parts.add("local firewall drops " + Numbers.plain(firewallDropPercent) + " %");
        }
        if (delayMillis > 0) {
            parts.add("delay " + Numbers.plain(delayMillis) + " ms");
        }
        if (jitterMillis > 0) {
            parts.add("jitter " + Numbers.plain(jitterMillis) + " ms");
        }
        if (reorderPercent > 0) {
            parts.add("reorder " + Numbers.plain(reorderPercent) + " %");
        }
        if (rateBitsPerSecond > 0) {
            parts.add("rate " + Numbers.bitRate(rateBitsPerSecond));
        }
        return parts.isEmpty() ? "clean" : String.join(", ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}
