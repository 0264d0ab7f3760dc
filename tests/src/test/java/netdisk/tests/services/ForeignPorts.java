package netdisk.tests.services;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import netdisk.udp.io.DatagramPortFactory;

/** Datagram ports bound to one local address: a client "on another machine" over loopback. */
final class ForeignPorts {

    private ForeignPorts() {}

    static DatagramPortFactory boundTo(InetAddress address) {
        DatagramPortFactory real = DatagramPortFactory.udp();
        return local -> real.open(new InetSocketAddress(address, local == null ? 0 : local.getPort()));
    }
}
