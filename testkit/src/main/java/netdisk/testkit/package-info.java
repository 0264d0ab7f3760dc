/**
 * Helpers that the tests of several modules share: {@link netdisk.testkit.TestData} (seeded bytes
 * and files, size before seed), {@link netdisk.testkit.Digests} (SHA-256 in hex), {@link
 * netdisk.testkit.MutableClock} (a wall clock moved by hand) and {@link netdisk.testkit.RawPackets}
 * (TFTP packets the codec would refuse to build). The port to override one method of is
 * udp-transport's own {@link netdisk.udp.io.ForwardingDatagramPort}. The impairment layer beside
 * it keeps its own package, {@code netdisk.udp.impair}.
 *
 * <p>Taken in test scope only. udp-transport's own tests cannot take it (testkit depends on
 * udp-transport), so they keep a small {@code netdisk.udp.TestData} with the same signatures.
 */
package netdisk.testkit;
