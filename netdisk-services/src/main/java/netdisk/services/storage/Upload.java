package netdisk.services.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.FileBlockSink;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upload into a user's folder, over either data path: its bytes go to a hidden part file
 * ({@link FileBlockSink}), which {@link #complete()} renames onto the name; {@link #abort()}
 * leaves the old file as it was.
 *
 * <p>Its bytes stay within its {@link UploadReservations reservation}, which grows (a step at a
 * time, so the folder is not summed per block) while the quota has room. Without a size
 * announced the reservation starts empty; with one, a client that sends more than it announced
 * is held to the same rule. The write that does not fit fails: over UDP the engine answers it
 * with ERROR 3 (disk full, the code RFC 1350 has for "allocation exceeded") and aborts. Completing,
 * aborting or closing gives the reservation back (after a finished file took its place: for that
 * moment it counts twice, never zero times).
 *
 * <p>A <em>resumable</em> upload (octet, its size announced) digests its bytes as they are
 * written, and when it fails for any reason but its own storage (the client went away, timed
 * out, broke the stream, cancelled; the server stopped) after at least one byte, it is kept as
 * the name's held upload ({@link HeldUploads}): the data forced to disk first, then its record.
 * A write or completion that failed (disk full, quota exceeded) discards it: nothing worth
 * continuing. One that {@link UploadTarget#resume continues} a held upload starts with that
 * upload's bytes, hashed first, so {@link #bytesReceived()} and {@link #sha256()} are of the
 * whole file. A completed upload removes the name's held upload. Not thread-safe: one transfer
 * uses it.
 */
public final class Upload implements BlockSink {

    private static final Logger LOG = LoggerFactory.getLogger(Upload.class);

    /** How much more to reserve, at least, when the reservation runs out. */
    static final long GROWTH_STEP = 1 << 20;

    private final FileBlockSink file;
    private final BlockSink sink;
    private final UploadReservations.Reservation reservation;
    private final HeldUploads held;
    private final String name;
    private final long size;
    private final long offset;
    /** Of every byte of the file so far; {@code null} when the upload is not resumable. */
    private final MessageDigest digest;
    private String finalDigest;
    private boolean storeFailed;
    private boolean ended;

    /**
     * @param file writes the part file and keeps it on abort ({@link FileBlockSink#continuing}):
     *     this class decides whether to keep or delete it
     * @param sink {@code file}, or a decoder in front of it
     * @param size the announced size, -1 when unknown
     * @param offset bytes of the file already in the part file (a continued held upload)
     * @param digest {@code null}, or a digest of those {@code offset} bytes: the upload is resumable
     */
    Upload(FileBlockSink file, BlockSink sink, UploadReservations.Reservation reservation, HeldUploads held,
            String name, long size, long offset, MessageDigest digest) {
        this.file = file;
        this.sink = sink;
        this.reservation = reservation;
        this.held = held;
        this.name = name;
        this.size = size;
        this.offset = offset;
        this.digest = digest;
    }

    @Override
    public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
        sink.begin(parameters, acknowledged);
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        long needed = bytesReceived() + payload.remaining();
        if (needed > reservation.held()) {
            try {
                reservation.growTo(needed, needed + Math.max(GROWTH_STEP, needed / 8)); // a few dozen steps for GiBs
            } catch (QuotaExceededException e) {
                storeFailed = true;
                throw new IOException("quota exceeded: only " + e.room() + " bytes left for this file");
            } catch (InvalidNameException e) {
                storeFailed = true;
                throw new IOException(e.getMessage(), e);
            }
        }
        if (digest != null) {
            digest.update(payload.duplicate());
        }
        try {
            sink.write(payload);
        } catch (IOException | RuntimeException e) {
            storeFailed = true;
            throw e;
        }
    }

    /**
     * The finished file took its place and counts from now on (the engine closes the sink later,
     * after dallying); the name's held upload, if any, goes.
     */
    @Override
    public void complete() throws IOException {
        try {
            sink.complete();
        } catch (IOException | RuntimeException e) {
            storeFailed = true;
            throw e;
        }
        ended = true;
        if (digest != null) {
            finalDigest = HexFormat.of().formatHex(digest.digest());
        }
        try {
            held.discard(name);
        } catch (IOException e) {
            LOG.warn("could not remove the held upload of {}: {}", name, e.getMessage());
        } finally {
            reservation.close();
        }
    }

    /** Ends a failed upload: kept as the name's held upload when that is worth it, deleted otherwise. Never throws. */
    @Override
    public void abort() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (worthKeeping()) {
                keep();
            } else {
                sink.abort();
                deleteQuietly(file.partFile());
            }
        } finally {
            reservation.close();
        }
    }

    @Override
    public void close() {
        try {
            abort();
        } finally {
            reservation.close();
        }
    }

    /** Bytes of the file so far: those a continued upload started with, and those received. */
    @Override
    public long bytesReceived() {
        return offset + sink.bytesReceived();
    }

    /** Bytes this upload continued from (0 unless it resumed a held upload). */
    public long offset() {
        return offset;
    }

    /**
     * The SHA-256 (lower-case hex) of the whole file, once {@link #complete() completed}.
     *
     * @throws IllegalStateException before, or for an upload that is not resumable (no digest)
     */
    public String sha256() {
        if (finalDigest == null) {
            throw new IllegalStateException("no digest: the upload is not complete, or does not digest");
        }
        return finalDigest;
    }

    /** When the stored file was last modified: after {@link #complete()}, the upload's own time. */
    public Instant modified() throws IOException {
        return Files.getLastModifiedTime(file.target()).toInstant();
    }

    /** Whether {@code failure} of this upload means its disk is full ({@link DiskSpace#isOutOfSpace}). */
    public boolean ranOutOfSpace(Throwable failure) {
        return DiskSpace.isOutOfSpace(failure, file.target());
    }

    private boolean worthKeeping() {
        long bytes = bytesReceived();
        return digest != null && !storeFailed && bytes > 0 && bytes <= size;
    }

    /** Forces the data, then records it as the name's held upload; deletes it if any step fails. */
    private void keep() {
        Path part = file.partFile();
        long bytes = bytesReceived();
        try {
            file.sync();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the failed upload of {}: {}", name, e.getMessage());
            file.abort();
            deleteQuietly(part);
            return;
        }
        file.abort(); // closes; the part file stays, forced
        try {
            held.keep(name, size, part, bytes, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the failed upload of {}: {}", name, e.getMessage());
            deleteQuietly(part);
        }
    }

    private static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // A leftover part file is hidden and removed at the next start.
        }
    }
}
