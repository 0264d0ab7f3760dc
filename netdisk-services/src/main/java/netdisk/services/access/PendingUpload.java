package netdisk.services.access;

import java.io.IOException;
import java.util.function.UnaryOperator;
import netdisk.services.storage.Upload;
import netdisk.services.storage.UploadReservations;
import netdisk.services.storage.UploadTarget;
import netdisk.udp.blocks.BlockSink;

/**
 * An upload whose room is held ({@link Caller#reserveUpload}) and whose part file is not created
 * yet. A step of its own because a transport words "the part file cannot be created" apart from
 * the failures before it. Call {@link #open} once, straight away: until then it holds quota.
 */
public final class PendingUpload {

    private final UploadTarget target;
    private final UploadReservations.Reservation reservation;

    PendingUpload(UploadTarget target, UploadReservations.Reservation reservation) {
        this.target = target;
        this.reservation = reservation;
    }

    /** The upload, writing the file's bytes as they arrive. */
    public Upload open() throws IOException {
        return open(UnaryOperator.identity());
    }

    /**
     * The upload, the bytes passing through {@code decoding} (a netascii decoder) on the way to
     * the file. On failure the room held is given back.
     */
    public Upload open(UnaryOperator<BlockSink> decoding) throws IOException {
        try {
            return target.open(reservation, decoding);
        } catch (IOException | RuntimeException e) {
            reservation.close();
            throw e;
        }
    }
}
