package netdisk.tools.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code HOST[:PORT]}, with IPv6 literals in brackets ({@code [::1]:6969}). */
public record HostPort(String host, int port) {

    public HostPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** Parses {@code text}; a missing port is {@code defaultPort}. */
    public static HostPort parse(String text, int defaultPort) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in " + text);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + rest + "' after ']' in " + text);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in '" + text + "'");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port '" + port + "' in " + text);
            }
        }
        return new HostPort(host, p);
    }

    /** The address as a client would write it. */
    public static HostPort of(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return new HostPort(host, address.getPort());
    }

    /** Like {@link #of}, but a wildcard address becomes 127.0.0.1 (where a local client can reach it). */
    public static HostPort forClients(InetSocketAddress address) {
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return new HostPort("127.0.0.1", address.getPort());
        }
        return of(address);
    }

    public InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
