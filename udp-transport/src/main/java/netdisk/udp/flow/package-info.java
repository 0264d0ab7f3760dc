/**
 * The parts of netdisk's flow mode (spec/protocol.md 16) that are not state machines: the option
 * that turns it on, the receiver's record of blocks held out of order, the sender's log of
 * datagrams in flight, and the congestion controller that paces them. The machines that use
 * them, {@code FlowSender} and {@code FlowReceiver}, live beside the RFC ones in {@code
 * netdisk.udp.transfer}.
 */
package netdisk.udp.flow;
