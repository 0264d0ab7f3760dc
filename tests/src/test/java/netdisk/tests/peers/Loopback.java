package netdisk.tests.peers;

import java.net.InetSocketAddress;

/** The harness only ever talks to this machine. */
final class Loopback {

    private Loopback() {
    }

    static InetSocketAddress requireLoopback(InetSocketAddress server) {
        if (server.getAddress() == null || !server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("interop traffic stays on loopback; not " + server);
        }
        return server;
    }

    /** host:port with IPv6 literals bracketed, as URLs want them. */
    static String hostForUrl(InetSocketAddress server) {
        String host = server.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
