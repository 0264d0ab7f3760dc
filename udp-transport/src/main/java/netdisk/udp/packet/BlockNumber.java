package netdisk.udp.packet;

/** The 16-bit block number field's range. */
final class BlockNumber {

    static final int MAX = 0xFFFF;

    private BlockNumber() {}

    static void check(int block) {
        if (block < 0 || block > MAX) {
            throw new IllegalArgumentException("block number out of range 0..65535: " + block);
        }
    }
}
