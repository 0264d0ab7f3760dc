package netdisk.services.client;

import static netdisk.udp.packet.KnownOption.MAX_BLKSIZE;
import static netdisk.udp.packet.KnownOption.MIN_BLKSIZE;
import static netdisk.udp.packet.KnownOption.WINDOWSIZE;

import netdisk.udp.client.TransferOptions;

/**
 * How a get or put travels.
 *
 * @param blockSize UDP block size to ask for (8..65464); 0 for the client's default
 * @param windowSize UDP window to ask for (1..65535, 1 = lockstep); 0 for the client's default
 * @param flowMode whether a UDP transfer asks for netdisk's flow mode (spec/protocol.md 16); a
 *     server that does not grant it gets an RFC 7440 transfer with the window above
 */
public record TransferSettings(Via via, int blockSize, int windowSize, boolean flowMode) {

    /**
     * Flow mode unless a window is given: a window is an RFC 7440 setting, so asking for one
     * asks for the RFC engine (the CLI's {@code --windowsize}).
     */
    public TransferSettings(Via via, int blockSize, int windowSize) {
        this(via, blockSize, windowSize, windowSize == 0);
    }

    public TransferSettings {
        if (via == null) {
            via = Via.UDP;
        }
        if (blockSize != 0 && (blockSize < MIN_BLKSIZE || blockSize > MAX_BLKSIZE)) {
            throw new IllegalArgumentException(
                    "blksize must be " + MIN_BLKSIZE + ".." + MAX_BLKSIZE + " (RFC 2348): " + blockSize);
        }
        if (windowSize != 0 && (windowSize < WINDOWSIZE.min() || windowSize > WINDOWSIZE.max())) {
            throw new IllegalArgumentException("windowsize must be " + WINDOWSIZE.min() + ".." + WINDOWSIZE.max()
                    + " (RFC 7440): " + windowSize);
        }
    }

    /** UDP in flow mode with the client's defaults (blksize 1428; windowsize 16 if the server lacks flow mode). */
    public static TransferSettings defaults() {
        return new TransferSettings(Via.UDP, 0, 0, true);
    }

    public TransferSettings via(Via value) {
        return new TransferSettings(value, blockSize, windowSize, flowMode);
    }

    public TransferSettings withFlowMode(boolean value) {
        return new TransferSettings(via, blockSize, windowSize, value);
    }

    TransferOptions udpOptions() {
        TransferOptions options = TransferOptions.defaults().withFlowMode(flowMode);
        if (blockSize != 0) {
            options = options.withBlockSize(blockSize);
        }
        if (windowSize != 0) {
            options = options.withWindowSize(windowSize);
        }
        return options;
    }
}
