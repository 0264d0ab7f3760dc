/**
 * The file side of a transfer: where a sender's blocks come from and where a receiver's go.
 *
 * <p>{@link netdisk.udp.blocks.BlockSource} and {@link netdisk.udp.blocks.BlockSink} are the
 * engine's seams. Octet files are served by {@link netdisk.udp.blocks.FileBlockSource}
 * (positional reads with read-ahead) and received by {@link netdisk.udp.blocks.FileBlockSink}
 * (a hidden part file, buffered, renamed onto the target atomically when complete). Netascii
 * (RFC 1350 §1, RFC 764) is a translation layered on either: {@link
 * netdisk.udp.blocks.NetasciiBlockSource} and {@link netdisk.udp.blocks.NetasciiBlockSink} wrap
 * another source or sink and use the pure streaming translators {@link
 * netdisk.udp.blocks.NetasciiEncoder} and {@link netdisk.udp.blocks.NetasciiDecoder}. {@link
 * netdisk.udp.blocks.BlockSources} and {@link netdisk.udp.blocks.BlockSinks} pick by mode. The
 * byte-array source and sink are in-memory stand-ins for tests of the state machines.
 */
package netdisk.udp.blocks;
