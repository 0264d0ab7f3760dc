package netdisk.services.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.QuotaExceededException;
import netdisk.services.storage.UploadReservations;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.ForwardingBlockSink;

/**
 * An upload into a folder with a quota: its bytes stay within its {@link UploadReservations
 * reservation}, which grows (a step at a time, so the folder is not summed per block) while the
 * quota has room. Without tsize the reservation starts empty; with it, a client that sends more
 * than it announced is held to the same rule. The block that does not fit is refused: the engine
 * answers a failed write with ERROR 3 (disk full, the code RFC 1350 has for "allocation
 * exceeded") and aborts the sink, which deletes the part file; the old file of that name stays as
 * it was. Completing, aborting or closing gives the reservation back (after a finished file took
 * its place: for that moment it counts twice, never zero times).
 */
final class QuotaLimitedSink extends ForwardingBlockSink {

    /** How much more to reserve, at least, when the reservation runs out. */
    static final long GROWTH_STEP = 1 << 20;

    private final UploadReservations.Reservation reservation;

    QuotaLimitedSink(BlockSink sink, UploadReservations.Reservation reservation) {
        super(sink);
        this.reservation = reservation;
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        long needed = delegate.bytesReceived() + payload.remaining();
        if (needed > reservation.held()) {
            try {
                reservation.growTo(needed, needed + Math.max(GROWTH_STEP, needed / 8)); // a few dozen steps for GiBs
            } catch (QuotaExceededException e) {
                throw new IOException("quota exceeded: only " + e.room() + " bytes left for this file");
            } catch (InvalidNameException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        delegate.write(payload);
    }

    /** The finished file took its place and counts from now on (the engine closes the sink later, after dallying). */
    @Override
    public void complete() throws IOException {
        super.complete();
        reservation.close();
    }

    @Override
    public void abort() {
        try {
            super.abort();
        } finally {
            reservation.close();
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            reservation.close();
        }
    }
}
