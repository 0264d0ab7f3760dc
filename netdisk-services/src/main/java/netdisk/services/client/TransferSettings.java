package netdisk.services.client;

import netdisk.udp.client.TransferOptions;

/**
 * How a get or put travels.
 *
 * @param blockSize UDP block size to ask for (8..65464); 0 for the client's default
 * @param windowSize UDP window to ask for (1..65535, 1 = lockstep); 0 for the client's default
 */
public record TransferSettings(Via via, int blockSize, int windowSize) {

    public TransferSettings {
        if (via == null) {
            via = Via.UDP;
        }
        if (blockSize != 0 && (blockSize < 8 || blockSize > 65464)) {
            throw new IllegalArgumentException("blksize must be 8..65464 (RFC 2348): " + blockSize);
        }
        if (windowSize != 0 && (windowSize < 1 || windowSize > 65535)) {
            throw new IllegalArgumentException("windowsize must be 1..65535 (RFC 7440): " + windowSize);
        }
    }

    /** UDP with the client's defaults (blksize 1428, windowsize 16). */
    public static TransferSettings defaults() {
        return new TransferSettings(Via.UDP, 0, 0);
    }

    public TransferSettings via(Via value) {
        return new TransferSettings(value, blockSize, windowSize);
    }

    TransferOptions udpOptions() {
        TransferOptions options = TransferOptions.defaults();
        if (blockSize != 0) {
            options = options.withBlockSize(blockSize);
        }
        if (windowSize != 0) {
            options = options.withWindowSize(windowSize);
        }
        return options;
    }
}
