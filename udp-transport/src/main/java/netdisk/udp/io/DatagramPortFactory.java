package netdisk.udp.io;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Opens ports: the server opens one per transfer (a new TID, RFC 1350 §4), the client one per
 * request. Tests substitute a factory that wraps each port in an impairment layer.
 */
@FunctionalInterface
public interface DatagramPortFactory {

    /** Opens a port bound to {@code local} (port 0 for an ephemeral port). */
    DatagramPort open(InetSocketAddress local) throws IOException;

    /** Real UDP sockets. */
    static DatagramPortFactory udp() {
        return ChannelDatagramPort::bind;
    }
}
