package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.FileBlockSink;

/**
 * Where an upload of one name into a folder goes: checked by the folder (a plain name, not a
 * folder's), not yet created. Two steps rather than one because a server weighs the room first
 * (the disk's, the quota's) and only then creates the part file.
 */
public final class UploadTarget {

    private final Path entry;

    /** @param entry the entry in the folder itself: an upload replaces a link there, never writes through it */
    UploadTarget(Path entry) {
        this.entry = Objects.requireNonNull(entry, "entry");
    }

    /** Bytes an unprivileged writer may still use on the disk that holds the folder. */
    public long usableSpace() throws IOException {
        return DiskSpace.usable(entry.getParent());
    }

    /**
     * Creates the hidden part file now (so a folder that cannot be written fails here, before
     * any byte is accepted) and returns the upload that writes it, within {@code reservation}.
     *
     * @param decoding what the bytes pass through before the file, e.g. a netascii decoder; the
     *     quota counts the bytes before it, as they arrive
     */
    public Upload open(UploadReservations.Reservation reservation, UnaryOperator<BlockSink> decoding)
            throws IOException {
        Objects.requireNonNull(reservation, "reservation");
        FileBlockSink file = FileBlockSink.create(entry);
        try {
            return new Upload(decoding.apply(file), file, reservation);
        } catch (RuntimeException e) {
            file.abort();
            throw e;
        }
    }
}
