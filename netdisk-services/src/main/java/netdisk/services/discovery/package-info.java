/**
 * LAN discovery (spec/discovery.md): a question by IPv4 broadcast and IPv6 multicast (ff02::1) on
 * the TFTP port, one answer from each netdisk server. {@link netdisk.services.discovery.DiscoveryCodec}
 * is the wire (its vectors in spec/vectors/discovery.txt); the server's side is
 * {@link netdisk.services.discovery.DiscoveryResponder}, a {@code udp.server.ListenerExtension} on the
 * TFTP listener that holds answers to "no larger than the question" and to its
 * {@link netdisk.services.discovery.AnswerBudgets}; the client's is
 * {@link netdisk.services.discovery.Discovery}, asking the
 * {@link netdisk.services.discovery.DiscoveryTargets} of this host's links or given addresses and
 * merging answers by server id into {@link netdisk.services.discovery.DiscoveredServer}s.
 */
package netdisk.services.discovery;
