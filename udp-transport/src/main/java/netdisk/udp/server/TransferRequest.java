package netdisk.udp.server;

import java.net.InetSocketAddress;
import java.util.Objects;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;

/** A request as a handler sees it: the packet and who sent it. */
public record TransferRequest(Request packet, InetSocketAddress client) {

    public TransferRequest {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(client, "client");
    }

    public String filename() {
        return packet.filename();
    }

    public TransferMode mode() {
        return packet.mode();
    }

    public TftpOptions options() {
        return packet.options();
    }
}
