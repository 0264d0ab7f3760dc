package netdisk.udp.impair;

import netdisk.udp.packet.Opcode;

/**
 * What a datagram is, as far as fault rules care: a TFTP packet kind, or {@link #MALFORMED} when
 * the codec refuses it (as the engine would).
 */
public enum DatagramKind {
    RRQ, WRQ, DATA, ACK, ERROR, OACK,
    /** Not a well-formed TFTP packet (too short, unknown opcode, missing NUL ...). */
    MALFORMED;

    static DatagramKind of(Opcode opcode) {
        return switch (opcode) {
            case RRQ -> RRQ;
            case WRQ -> WRQ;
            case DATA -> DATA;
            case ACK -> ACK;
            case ERROR -> ERROR;
            case OACK -> OACK;
            // Flow mode's packets do the same jobs; fault rules written for DATA and ACK apply.
            case FLOW_DATA -> DATA;
            case FLOW_ACK -> ACK;
            // The sender's acknowledgement of the final FLOW_ACK: rules for ACKs apply to it too.
            case FLOW_DONE -> ACK;
        };
    }
}
