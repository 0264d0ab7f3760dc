package netdisk.services.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.FileBlockSink;
import netdisk.udp.blocks.ForwardingBlockSink;

/**
 * An upload into a user's folder, over either data path: its bytes go to a hidden part file
 * ({@link FileBlockSink}), which {@link #complete()} renames onto the name; {@link #abort()}
 * deletes it and leaves the old file as it was.
 *
 * <p>Its bytes stay within its {@link UploadReservations reservation}, which grows (a step at a
 * time, so the folder is not summed per block) while the quota has room. Without a size
 * announced the reservation starts empty; with one, a client that sends more than it announced
 * is held to the same rule. The write that does not fit fails: over UDP the engine answers it
 * with ERROR 3 (disk full, the code RFC 1350 has for "allocation exceeded") and aborts. Completing,
 * aborting or closing gives the reservation back (after a finished file took its place: for that
 * moment it counts twice, never zero times). Not thread-safe: one transfer uses it.
 */
public final class Upload extends ForwardingBlockSink {

    /** How much more to reserve, at least, when the reservation runs out. */
    static final long GROWTH_STEP = 1 << 20;

    private final FileBlockSink file;
    private final UploadReservations.Reservation reservation;

    Upload(BlockSink sink, FileBlockSink file, UploadReservations.Reservation reservation) {
        super(sink);
        this.file = file;
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

    /** When the stored file was last modified: after {@link #complete()}, the upload's own time. */
    public Instant modified() throws IOException {
        return Files.getLastModifiedTime(file.target()).toInstant();
    }

    /** Whether {@code failure} of this upload means its disk is full ({@link DiskSpace#isOutOfSpace}). */
    public boolean ranOutOfSpace(Throwable failure) {
        return DiskSpace.isOutOfSpace(failure, file.target());
    }
}
