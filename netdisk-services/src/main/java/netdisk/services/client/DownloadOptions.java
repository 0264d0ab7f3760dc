package netdisk.services.client;

import java.util.Objects;
import netdisk.udp.client.TransferOptions;

/**
 * How to download.
 *
 * @param transfer the TFTP options (block size, window, ...); extensions are added by {@link UdpTransfers}
 * @param remote the remote file as {@code stat} described it, or {@code null} when unknown (the
 *     public area has no {@code stat}): with it the download resumes a partial copy and checks
 *     the SHA-256 at the end; without it, it is a plain download replacing the local file when
 *     complete
 */
public record DownloadOptions(TransferOptions transfer, RemoteIdentity remote) {

    public DownloadOptions {
        Objects.requireNonNull(transfer, "transfer");
    }

    /** Resumable and verified against {@code remote}, with the engine's default options. */
    public static DownloadOptions verified(RemoteIdentity remote) {
        return new DownloadOptions(TransferOptions.defaults(), Objects.requireNonNull(remote, "remote"));
    }

    /** Plain, with the engine's default options. */
    public static DownloadOptions unverified() {
        return new DownloadOptions(TransferOptions.defaults(), null);
    }

    public DownloadOptions withTransfer(TransferOptions value) {
        return new DownloadOptions(value, remote);
    }
}
