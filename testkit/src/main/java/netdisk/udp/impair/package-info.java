/**
 * A seeded, deterministic bad network for tests: drop, duplicate, reorder, delay, corrupt and
 * truncate datagrams in either direction of a {@link netdisk.udp.io.DatagramPort}.
 *
 * <p>An {@link netdisk.udp.impair.ImpairmentPlan} lists {@link netdisk.udp.impair.Fault}s per
 * direction; each fault is an {@link netdisk.udp.impair.Effect}, a {@link
 * netdisk.udp.impair.Match} (kind, wire block, which occurrence) and a probability drawn from a
 * seeded {@link java.util.Random}. {@link netdisk.udp.impair.ImpairedDatagramPort} applies a plan
 * to one port, {@link netdisk.udp.impair.ImpairedDatagramPortFactory} to every port a server or
 * client opens. Same seed and same traffic give the same decisions, so a failing run is replayed
 * by its seed. Datagrams are classified with the engine's own codec ({@link
 * netdisk.udp.packet.PacketCodec}): what the engine would refuse is {@code MALFORMED}.
 *
 * <p>Corruption flips a bit of the 4-byte header by default, where the engine's checks should
 * notice; see {@link netdisk.udp.impair.Effect.Corrupt} for why, and for the one case (a block
 * number aliasing another) that no TFTP peer can notice.
 *
 * <p>{@link netdisk.udp.impair.InMemoryDatagramNetwork} lets ports talk without sockets, for
 * engine tests that need exact and fast delivery.
 *
 * <p>In testkit, not udp-transport: no shipped code uses it, so it stays out of the jar that ships.
 * The package keeps its name, so moving it changed no import.
 */
package netdisk.udp.impair;
