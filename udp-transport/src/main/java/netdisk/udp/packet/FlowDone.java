package netdisk.udp.packet;

/**
 * FLOW_DONE (opcode 0x4E46, "NF"; spec/protocol.md 16): a flow sender's answer to the FLOW_ACK
 * that acknowledged every block, so that the receiver can stop dallying at once.
 *
 * <pre>
 *  2 bytes   8 bytes
 * +------+-------------+
 * | 4E46 | final block |
 * +------+-------------+
 * </pre>
 *
 * <p>Without it the receiver stays on for its whole dally (8 round trips, at least 50 ms) in case
 * its final FLOW_ACK was lost and the sender probes again: 400 ms of a 50 ms path, added to every
 * download. It is sent once and never answered; if it is lost, the receiver dallies as before.
 * A receiver that does not know it (an older netdisk) drops it as an unknown opcode.
 *
 * @param finalBlock the number of the transfer's last block (at least 1: an empty file has one,
 *     empty, block)
 */
public record FlowDone(long finalBlock) implements Packet {

    /** The whole packet. */
    public static final int BYTES = 2 + 8;

    public FlowDone {
        if (finalBlock < 1) {
            throw new IllegalArgumentException("finalBlock must be at least 1");
        }
    }

    @Override
    public Opcode opcode() {
        return Opcode.FLOW_DONE;
    }
}
