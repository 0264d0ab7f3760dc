package netdisk.services.client;

import java.util.Objects;
import netdisk.udp.client.TransferOptions;

/**
 * How to upload.
 *
 * @param transfer the TFTP options (block size, window, tsize ...); the token is added by
 *     {@link UdpTransfers}. With tsize (the default) a server with a quota refuses a too large
 *     file before any data moves.
 */
public record UploadOptions(TransferOptions transfer) {

    public UploadOptions {
        Objects.requireNonNull(transfer, "transfer");
    }

    public static UploadOptions defaults() {
        return new UploadOptions(TransferOptions.defaults());
    }
}
