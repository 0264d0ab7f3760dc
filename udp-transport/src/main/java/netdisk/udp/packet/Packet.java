package netdisk.udp.packet;

/**
 * One TFTP packet, as carried in one UDP datagram.
 *
 * <p>Sealed so that every {@code switch} over packets is exhaustive: the compiler asks for OACK
 * and ERROR handling wherever packets are handled.
 */
public sealed interface Packet permits Request, Data, Ack, ErrorPacket, OptionAck, FlowData, FlowAck, FlowDone {

    /** The opcode this packet is encoded with. */
    Opcode opcode();
}
