package netdisk.udp.transfer;

import java.time.Duration;

/**
 * What a transfer did, for the CLI's summary and the bench.
 *
 * @param blocks DATA blocks delivered (sent and acknowledged, or received in order)
 * @param bytes payload bytes delivered, as on the wire
 * @param retransmissions packets sent again (DATA, ACK or the opening packet)
 * @param duplicates packets received that were already handled (duplicate DATA or ACK)
 * @param timeouts times the retransmission timer fired
 * @param strays datagrams from an unknown TID, answered with ERROR 5
 * @param malformed datagrams from the peer that did not decode
 * @param ignored well-formed packets set aside (out-of-window data, short blocks before tsize ...)
 * @param lost datagrams a flow-mode sender declared lost (0 in RFC mode, which cannot tell)
 * @param sendFailures datagrams the kernel refused to send, counted as lost and left to the timers
 * @param peerResent blocks the peer sent more than once, as a receiver counts them: in flow mode
 *     exactly, from the sender's sequence numbers; in RFC mode every DATA received beyond one per
 *     block written (duplicates, and blocks dropped after a gap), which is the sender's resends
 *     less the DATA lost on the way; -1 on a sending side, whose count is its own
 *     {@code retransmissions}
 * @param elapsedNanos wall time from the first packet sent to the end
 * @param smoothedRttNanos the final smoothed round trip, or -1 when none was measured
 */
public record TransferStatistics(
        long blocks,
        long bytes,
        long retransmissions,
        long duplicates,
        long timeouts,
        long strays,
        long malformed,
        long ignored,
        long lost,
        long sendFailures,
        long peerResent,
        long elapsedNanos,
        long smoothedRttNanos) {

    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** Throughput in bytes per second (0 for an instantaneous transfer). */
    public double bytesPerSecond() {
        return elapsedNanos <= 0 ? 0 : bytes * 1e9 / elapsedNanos;
    }
}
