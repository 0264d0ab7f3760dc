package netdisk.services.access;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.function.UnaryOperator;
import netdisk.services.storage.HeldUploads;
import netdisk.services.storage.Upload;
import netdisk.services.storage.UploadReservations;
import netdisk.services.storage.UploadTarget;
import netdisk.udp.blocks.BlockSink;

/**
 * An upload whose room is held ({@link Caller#reserveUpload}) and whose part file is not created
 * yet. A step of its own because a transport words "the part file cannot be created" apart from
 * the failures before it. Call one of the opening methods once, straight away (or {@link
 * #release}): until then it holds quota.
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
     * the file; deleted if it fails. On failure the room held is given back.
     */
    public Upload open(UnaryOperator<BlockSink> decoding) throws IOException {
        try {
            return target.open(reservation, decoding);
        } catch (IOException | RuntimeException e) {
            reservation.close();
            throw e;
        }
    }

    /**
     * An octet upload that announced {@code size}: held for a resume if it fails part-way
     * ({@link netdisk.services.storage.UploadTarget#openResumable}). On failure to open, the room
     * held is given back.
     */
    public Upload openResumable(long size) throws IOException {
        try {
            return target.openResumable(reservation, size);
        } catch (IOException | RuntimeException e) {
            reservation.close();
            throw e;
        }
    }

    /**
     * Continues the held upload {@code part} at {@code offset} ({@link
     * netdisk.services.storage.UploadTarget#resume}); when it is no longer held (taken by another
     * upload, replaced, damaged), a fresh {@link #openResumable} upload of its size instead: the
     * result's {@link Upload#offset()} says which. On failure the room held is given back.
     */
    public Upload resumeOrOpen(HeldUploads.HeldPart part, long offset) throws IOException {
        try {
            try {
                return target.resume(reservation, part, offset);
            } catch (NoSuchFileException e) {
                return target.openResumable(reservation, part.size());
            }
        } catch (IOException | RuntimeException e) {
            reservation.close();
            throw e;
        }
    }

    /** Gives the room back without uploading (a request refused after all). Harmless after opening. */
    public void release() {
        reservation.close();
    }
}
