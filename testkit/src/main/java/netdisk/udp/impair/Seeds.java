package netdisk.udp.impair;

/** Derives independent seeds from a plan seed, so each port and fault gets its own stream. */
final class Seeds {

    private Seeds() {}

    /**
     * Mixes {@code parts} into {@code seed} with SplitMix64's finalizer: nearby inputs (port 0 and
     * port 1) give unrelated seeds, which {@code seed + port} would not for {@link java.util.Random}.
     */
    static long derive(long seed, long... parts) {
        long h = mix(seed);
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
