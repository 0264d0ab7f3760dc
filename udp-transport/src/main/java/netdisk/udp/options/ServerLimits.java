package netdisk.udp.options;

import netdisk.udp.packet.KnownOption;

/**
 * What a server grants at most.
 *
 * @param maxBlockSize requests above it get it instead (RFC 2348 lets the server lower blksize)
 * @param maxWindowSize requests above it get it instead (RFC 7440 §4 lets the server lower it)
 */
public record ServerLimits(int maxBlockSize, int maxWindowSize) {

    public static final ServerLimits DEFAULT = new ServerLimits(KnownOption.MAX_BLKSIZE, 64);

    public ServerLimits {
        if (maxBlockSize < KnownOption.MIN_BLKSIZE || maxBlockSize > KnownOption.MAX_BLKSIZE) {
            throw new IllegalArgumentException("maxBlockSize out of range 8..65464: " + maxBlockSize);
        }
        if (maxWindowSize < 1 || maxWindowSize > TransferParameters.MAX_WINDOW) {
            throw new IllegalArgumentException("maxWindowSize out of range: " + maxWindowSize);
        }
    }
}
