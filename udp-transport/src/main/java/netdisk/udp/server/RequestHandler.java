package netdisk.udp.server;

/**
 * Decides what a request may read or write. Called on the transfer's own thread, so a slow
 * decision (a disk, an account lookup) holds up nobody else.
 */
public interface RequestHandler {

    /** A read request: the data to send, or a refusal. */
    ReadGrant read(TransferRequest request) throws RequestRefusedException;

    /** A write request: where to put the data, or a refusal. */
    WriteGrant write(TransferRequest request) throws RequestRefusedException;
}
