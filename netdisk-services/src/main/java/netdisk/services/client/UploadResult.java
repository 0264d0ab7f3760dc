package netdisk.services.client;

import netdisk.udp.client.TransferResult;

/**
 * A finished UDP upload.
 *
 * @param startedFrom whether the server's held upload was continued, and if not, why not
 * @param resumedFrom the byte this attempt began at (0 unless resumed)
 * @param transfer the TFTP parameters and statistics of this attempt
 */
public record UploadResult(StartedFrom startedFrom, long resumedFrom, TransferResult transfer) {}
