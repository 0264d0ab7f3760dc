package netdisk.udp.transfer;

import java.util.List;
import netdisk.udp.packet.Packet;

/**
 * A state machine's answer to an event: packets to send now, and what happens next.
 */
public sealed interface Reaction {

    /** Packets to send to the peer, in order, before anything else. */
    List<Packet> send();

    /** Keep going; call {@code onTimeout} at {@code deadline} (System.nanoTime scale) unless a packet comes first. */
    record Continue(List<Packet> send, long deadline) implements Reaction {
        public Continue {
            send = List.copyOf(send);
        }
    }

    /**
     * The transfer succeeded. Until {@code dallyUntil}, keep passing arriving packets to {@code
     * onPacket} (the receiver re-ACKs a repeated final block); no timer call is needed.
     */
    record Finished(List<Packet> send, long dallyUntil) implements Reaction {
        public Finished {
            send = List.copyOf(send);
        }
    }

    /** The transfer failed; {@code send} may hold an ERROR for the peer. */
    record Failed(List<Packet> send, TransferFailure failure) implements Reaction {
        public Failed {
            send = List.copyOf(send);
        }
    }
}
