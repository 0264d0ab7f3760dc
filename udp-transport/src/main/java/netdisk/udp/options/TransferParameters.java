package netdisk.udp.options;

import java.time.Duration;
import java.util.Optional;
import netdisk.udp.packet.KnownOption;

/**
 * The parameters of a transfer's data phase, after negotiation.
 *
 * @param blockSize payload bytes per DATA packet (RFC 2348), 512 without the option
 * @param windowSize DATA packets per ACK (RFC 7440), 1 (lockstep) without the option
 * @param timeout the negotiated {@code timeout} option (RFC 2349), if any: the ceiling of the
 *     adaptive retransmission timeout
 * @param transferSize the announced size in bytes ({@code tsize}, RFC 2349), or -1 when unknown
 */
public record TransferParameters(int blockSize, int windowSize, Optional<Duration> timeout, long transferSize) {

    /** Plain RFC 1350: 512-byte blocks, lockstep, nothing announced. */
    public static final TransferParameters RFC1350 =
            new TransferParameters(KnownOption.DEFAULT_BLKSIZE, 1, Optional.empty(), -1);

    /**
     * The largest window we run. Block numbers are 16 bits: beyond half their range an ACK's
     * number could mean two different blocks, so larger requests are lowered to this.
     */
    public static final int MAX_WINDOW = 32768;

    public TransferParameters {
        if (blockSize < KnownOption.MIN_BLKSIZE || blockSize > KnownOption.MAX_BLKSIZE) {
            throw new IllegalArgumentException("blockSize out of range " + KnownOption.MIN_BLKSIZE + ".."
                    + KnownOption.MAX_BLKSIZE + ": " + blockSize);
        }
        if (windowSize < 1 || windowSize > MAX_WINDOW) {
            throw new IllegalArgumentException("windowSize out of range 1.." + MAX_WINDOW + ": " + windowSize);
        }
        timeout = timeout == null ? Optional.empty() : timeout;
    }

    public TransferParameters withTransferSize(long size) {
        return new TransferParameters(blockSize, windowSize, timeout, size);
    }
}
