package netdisk.tools.lab;

import java.util.Locale;

/**
 * Loss in bursts, as Wi-Fi loses packets: a Gilbert–Elliott channel with loss only in the bad
 * state, done by the link emulator.
 *
 * @param percent packets lost on average, 0 ≤ percent &lt; 100
 * @param meanLength packets per burst on average, ≥ 1 (bursts are geometric: 4 gives mostly 1–10)
 */
public record BurstLoss(double percent, double meanLength) {

    public static final BurstLoss NONE = new BurstLoss(0, 1);

    public BurstLoss {
        if (!(percent >= 0 && percent < 100)) {
            throw new IllegalArgumentException("burst loss must be 0 <= percent < 100: " + percent);
        }
        if (!(meanLength >= 1 && meanLength <= 1000)) {
            throw new IllegalArgumentException("mean burst length must be 1..1000 packets: " + meanLength);
        }
    }

    public boolean any() {
        return percent > 0;
    }

    /** "5 % in bursts of 4". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %% in bursts of %s", Numbers.plain(percent), Numbers.plain(meanLength));
    }
}
