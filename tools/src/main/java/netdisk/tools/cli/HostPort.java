package netdisk.tools.cli;

import java.net.Inet6Address;
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
        if (port == null && host.indexOf(':') >= 0 && !isIpv6Literal(host)) {
            // "::1:6969": not a name (no name has two colons), and not an address either. Said
            // here, rather than looked up in DNS and on the LAN as a name.
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address; with a port, write it in "
                    + "brackets: [ADDRESS]:PORT, e.g. [::1]:6969");
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

    /** The address as a client would write it (IPv6 compressed: {@code [::1]}, not eight groups). */
    public static HostPort of(InetSocketAddress address) {
        String host = address.getAddress() != null ? Addresses.text(address.getAddress()) : address.getHostString();
        return new HostPort(host, address.getPort());
    }

    /** Like {@link #of}, but a wildcard address becomes 127.0.0.1 (where a local client can reach it). */
    public static HostPort forClients(InetSocketAddress address) {
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return new HostPort("127.0.0.1", address.getPort());
        }
        return of(address);
    }

    /** Whether {@code host} (with colons) is an IPv6 literal; the JDK parses one without asking DNS. */
    private static boolean isIpv6Literal(String host) {
        if (!host.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?")) {
            return false;
        }
        int percent = host.indexOf('%');
        String address = percent < 0 ? host : host.substring(0, percent); // the scope is resolved later
        try {
            return InetAddress.getByName(address) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
