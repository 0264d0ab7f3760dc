package netdisk.tests.udp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Sends one UDP datagram with a forged source (a port no socket can bind, such as 0) to a
 * loopback address, through a raw socket: what a hostile host on the LAN can do. Raw sockets
 * need root (CI runs as root) and python3; without them a test using this is skipped, saying why.
 */
final class Spoofer {

    /** Exit status of the script when the kernel refuses a raw socket (not root). */
    private static final int NOT_PERMITTED = 77;

    private static final String SCRIPT = """
            import socket, struct, sys
            src_port, dst_host, dst_port, payload = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), bytes.fromhex(sys.argv[4])
            try:
                s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
            except PermissionError:
                sys.exit(77)
            # The kernel writes the IP header (source: the loopback address); we write UDP's.
            # Checksum 0 means "none" in IPv4.
            s.sendto(struct.pack('!HHHH', src_port, dst_port, 8 + len(payload), 0) + payload, (dst_host, 0))
            """;

    private Spoofer() {}

    /** Sends {@code payload} to {@code to} (IPv4 loopback) as if from port {@code sourcePort}. */
    static void send(int sourcePort, byte[] payload, InetSocketAddress to) throws IOException, InterruptedException {
        assumeTrue(to.getAddress() instanceof Inet4Address && to.getAddress().isLoopbackAddress(),
                "spoofing is for IPv4 loopback only");
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", SCRIPT, Integer.toString(sourcePort),
                    to.getAddress().getHostAddress(), Integer.toString(to.getPort()), HexFormat.of().formatHex(payload))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is missing: cannot forge a datagram's source (" + e.getMessage() + ")");
            return;
        }
        if (!python.waitFor(10, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new IOException("the spoofing script did not finish");
        }
        String output = new String(python.getInputStream().readAllBytes());
        assumeTrue(python.exitValue() != NOT_PERMITTED, "raw sockets need root: cannot forge a datagram's source");
        if (python.exitValue() != 0) {
            throw new IOException("the spoofing script failed: " + output);
        }
    }
}
