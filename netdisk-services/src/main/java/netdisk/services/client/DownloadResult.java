package netdisk.services.client;

import java.nio.file.Path;
import netdisk.udp.client.TransferResult;

/**
 * A finished download.
 *
 * @param file where the file now is
 * @param startedFrom whether a partial copy was continued, and if not, why not
 * @param resumedFrom the byte this attempt began at (0 unless resumed)
 * @param size the file's size
 * @param sha256 its SHA-256 (hex), checked against the server's; {@code null} for an unverified
 *     download
 * @param transfer the TFTP parameters and statistics of this attempt; for a resumed download its
 *     byte count is the position in the whole file reached (held before + moved now), see
 *     {@link #bytesTransferred()}
 */
public record DownloadResult(
        Path file, StartedFrom startedFrom, long resumedFrom, long size, String sha256, TransferResult transfer) {

    /** The bytes this attempt moved over the network. */
    public long bytesTransferred() {
        return size - resumedFrom;
    }
}
