package netdisk.udp.server;

/**
 * How many transfers a server runs at once, in all and for one client address, and how many of
 * them may be <em>unanswered</em>: started, with the first reply sent, but not a datagram back yet
 * from the client's port.
 *
 * <p>An unanswered transfer costs a port, a thread and whatever the server sends to an address
 * that may be forged. A probe filled all 512 slots with 520 RRQs that never ACKed (8.3 KB in
 * total) and kept every get and put "busy" for 57 s. So: an address holds at most
 * {@code maxUnansweredPerAddress} unanswered transfers (beyond it, that address's oldest
 * unanswered one gives way), and when unanswered transfers reach {@code maxUnanswered}, or all
 * slots are taken, the oldest unanswered one is dropped to make room; a transfer whose peer has
 * answered is never dropped for a newcomer.
 *
 * @param maxTransfers transfers running at once; beyond it, with none unanswered to drop, ERROR 0
 *     "server busy"
 * @param maxPerAddress transfers of one client address at once; beyond it, ERROR 0 "busy"
 * @param maxUnanswered unanswered transfers at once; the oldest is dropped for a newcomer
 * @param maxUnansweredPerAddress unanswered transfers of one address; beyond it that address's
 *     oldest unanswered transfer is dropped for the newcomer
 */
public record TransferBudgets(int maxTransfers, int maxPerAddress, int maxUnanswered, int maxUnansweredPerAddress) {

    /**
     * A LAN server's: 512 transfers; 128 for one address (a host running a bulk job of many
     * parallel gets still fits; four hosts cannot take every slot from the rest); half of the
     * slots unanswered at most; 32 unanswered for one address (50 curl clients started together
     * on one host, scripts/bench-load.sh, never reached it; 100 netdisk gets and puts at once did
     * only through late repeats of finished requests, which now give way).
     */
    public static final TransferBudgets DEFAULT = new TransferBudgets(512, 128, 256, 32);

    public TransferBudgets {
        if (maxTransfers < 1 || maxPerAddress < 1 || maxUnanswered < 1 || maxUnansweredPerAddress < 1) {
            throw new IllegalArgumentException("every transfer budget must be at least 1");
        }
    }

    /** The same budgets for at most {@code total} transfers, each other budget cut to fit under it. */
    public TransferBudgets withMaxTransfers(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("maxTransfers must be at least 1");
        }
        return new TransferBudgets(total, Math.min(maxPerAddress, total), Math.min(maxUnanswered, total),
                Math.min(maxUnansweredPerAddress, total));
    }

    public TransferBudgets withMaxPerAddress(int value) {
        return new TransferBudgets(maxTransfers, value, maxUnanswered, maxUnansweredPerAddress);
    }

    public TransferBudgets withMaxUnanswered(int total, int perAddress) {
        return new TransferBudgets(maxTransfers, maxPerAddress, total, perAddress);
    }
}
