package netdisk.udp.server;

/** Told when a transfer ends, on the transfer's thread. */
@FunctionalInterface
public interface TransferListener {

    TransferListener NONE = report -> {};

    void transferEnded(TransferReport report);
}
