/**
 * A harness for interop tests against stock TFTP peers: tftpd-hpa as a server, curl and tftp-hpa
 * as clients.
 *
 * <p>{@link netdisk.tests.peers.StockPeers} finds the executables and skips a test with a visible
 * message (an assumption plus the same line on stderr, so it shows in the build log) when one is
 * missing. {@link netdisk.tests.peers.TftpdHpa} starts and stops a private tftpd-hpa by PID on a
 * free loopback port; {@link netdisk.tests.peers.Curl} and {@link netdisk.tests.peers.TftpHpaClient}
 * run one bounded transfer each and return a {@link netdisk.tests.peers.PeerRun}. Every process
 * has a time limit and all traffic goes to 127.0.0.1.
 *
 * <p>The harness builds its own few bytes (the readiness probe) instead of using netdisk's codec:
 * it is the yardstick the code under test is measured against, so it must not share its bugs.
 */
package netdisk.tests.peers;
