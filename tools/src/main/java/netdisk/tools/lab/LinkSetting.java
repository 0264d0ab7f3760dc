package netdisk.tools.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The link between the lab's two namespaces for one row of results: what happens to the packets
 * of each direction.
 */
public record LinkSetting(PathImpairment down, PathImpairment up) {

    public static final LinkSetting CLEAN = new LinkSetting(PathImpairment.NONE, PathImpairment.NONE);

    public static LinkSetting of(TwoWay<PathImpairment> ways) {
        return new LinkSetting(ways.down(), ways.up());
    }

    public PathImpairment get(Way way) {
        return way == Way.DOWN ? down : up;
    }

    public TwoWay<PathImpairment> ways() {
        return new TwoWay<>(down, up);
    }

    public double rttMillis() {
        return down.delayMillis() + up.delayMillis();
    }

    public boolean needsEmulator() {
        return down.needsEmulator() || up.needsEmulator();
    }

    public boolean needsMiddle() {
        return down.needsMiddle() || up.needsMiddle();
    }

    /** The random loss if both directions have the same, else -1 (for the charts' loss axis). */
    public double symmetricLossPercent() {
        return down.lossPercent() == up.lossPercent() ? down.lossPercent() : -1;
    }

    /**
     * A short label: "loss 5 %, rtt 10 ms"; a direction's own impairments are named with it where
     * the two differ ("down: loss 5 %; up: clean").
     */
    public String label() {
        if (down.equals(up)) {
            List<String> parts = new ArrayList<>();
            PathImpairment p = down;
            parts.add("loss " + Numbers.plain(p.lossPercent()) + " %");
            if (p.burst().any()) {
                parts.add("burst " + Numbers.plain(p.burst().percent()) + " %/" + Numbers.plain(p.burst().meanLength()));
            }
            if (p.firewallDropPercent() > 0) {
                parts.add("fw drop " + Numbers.plain(p.firewallDropPercent()) + " %");
            }
            if (rttMillis() > 0) {
                parts.add("rtt " + Numbers.plain(rttMillis()) + " ms");
            }
            if (p.jitterMillis() > 0) {
                parts.add("jitter " + Numbers.plain(p.jitterMillis()) + " ms");
            }
            if (p.reorderPercent() > 0) {
                parts.add("reorder " + Numbers.plain(p.reorderPercent()) + " %");
            }
            if (p.rateBitsPerSecond() > 0) {
                parts.add(Numbers.bitRate(p.rateBitsPerSecond()));
            }
            return String.join(", ", parts);
        }
        return "down: " + down.describe() + "; up: " + up.describe();
    }
}
