package netdisk.services.discovery;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import netdisk.udp.server.TokenBucket;

/**
 * How many discovery answers may go out (spec/discovery.md 2.4, rule 2): in all, and to one
 * source address, each a {@link TokenBucket}. The per-address buckets are kept for the
 * {@value #ADDRESSES} addresses asked most recently; one forgotten starts full again, and the
 * budget in all still holds.
 */
final class AnswerBudgets {

    static final int BURST = 64;
    static final int PER_SECOND = 32;
    static final int ADDRESS_BURST = 8;
    static final int ADDRESS_PER_SECOND = 4;
    static final int ADDRESSES = 1024;

    private final TokenBucket all;
    private final Map<InetAddress, TokenBucket> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
            return size() > ADDRESSES;
        }
    };

    AnswerBudgets(long nowNanos) {
        this.all = new TokenBucket(BURST, PER_SECOND, nowNanos);
    }

    /** Whether one more answer may go to {@code to} now; takes it from both budgets when it may. */
    synchronized boolean tryAnswer(InetAddress to, long nowNanos) {
        TokenBucket mine = byAddress.computeIfAbsent(to, a -> new TokenBucket(ADDRESS_BURST, ADDRESS_PER_SECOND, nowNanos));
        if (!mine.available(nowNanos) || !all.available(nowNanos)) {
            return false;
        }
        mine.tryTake(nowNanos);
        all.tryTake(nowNanos);
        return true;
    }
}
