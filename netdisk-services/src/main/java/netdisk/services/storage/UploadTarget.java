package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import netdisk.services.Sha256;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.FileBlockSink;

/**
 * Where an upload of one name into a folder goes: checked by the folder (a plain name, not a
 * folder's), not yet created. Two steps rather than one because a server weighs the room first
 * (the disk's, the quota's) and only then creates the part file.
 */
public final class UploadTarget {

    private final Path entry;
    private final String name;
    private final HeldUploads held;

    /**
     * @param entry the entry in the folder itself: an upload replaces a link there, never writes through it
     * @param held the folder's held uploads, which a failed resumable upload joins
     */
    UploadTarget(Path entry, String name, HeldUploads held) {
        this.entry = Objects.requireNonNull(entry, "entry");
        this.name = Objects.requireNonNull(name, "name");
        this.held = Objects.requireNonNull(held, "held");
    }

    /** Bytes an unprivileged writer may still use on the disk that holds the folder. */
    public long usableSpace() throws IOException {
        return DiskSpace.usable(entry.getParent());
    }

    /** The held upload of this name, if one is kept (valid, unexpired). */
    public Optional<HeldUploads.HeldPart> heldUpload() throws IOException {
        return held.find(name);
    }

    /**
     * Creates the hidden part file now (so a folder that cannot be written fails here, before
     * any byte is accepted) and returns the upload that writes it, within {@code reservation}.
     * It is deleted if the upload fails.
     *
     * @param decoding what the bytes pass through before the file, e.g. a netascii decoder; the
     *     quota counts the bytes before it, as they arrive
     */
    public Upload open(UploadReservations.Reservation reservation, UnaryOperator<BlockSink> decoding)
            throws IOException {
        return open(reservation, decoding, -1, false);
    }

    /**
     * As {@link #open}, for an octet upload that announced {@code size}: if it fails after a
     * byte arrived, for another reason than its own storage, it is kept as this name's held
     * upload, to be continued by {@link #resume}.
     */
    public Upload openResumable(UploadReservations.Reservation reservation, long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("a resumable upload announces its size: " + size);
        }
        return open(reservation, UnaryOperator.identity(), size, true);
    }

    /**
     * Continues the held upload {@code part} at byte {@code offset} (at most the bytes it holds):
     * takes it (nobody else can), checks its bytes against its record and hashes the first
     * {@code offset} of them, then writes after them. Resumable itself: if it fails again, what
     * it has by then is held again.
     *
     * @throws NoSuchFileException when {@code part} is no longer held (taken or replaced meanwhile),
     *     or its bytes no longer match its record (it is then discarded)
     */
    public Upload resume(UploadReservations.Reservation reservation, HeldUploads.HeldPart part, long offset)
            throws IOException {
        Objects.requireNonNull(reservation, "reservation");
        if (!part.name().equals(name) || offset < 0 || offset > part.held()) {
            throw new IllegalArgumentException("cannot continue " + part + " of " + name + " at " + offset);
        }
        Path running = held.newPartFile(name);
        held.claim(part, running);
        try {
            // One read of the held part: the kept prefix for the file's digest, and all of it
            // (prefix and the rest, which the file no longer holds) for the check against the record.
            MessageDigest prefix = Sha256.newDigest();
            MessageDigest whole;
            try (var in = Files.newInputStream(running)) {
                Sha256.update(prefix, in, offset);
                try {
                    whole = (MessageDigest) prefix.clone();
                } catch (CloneNotSupportedException e) {
                    throw new IllegalStateException("SHA-256 digests can be cloned", e);
                }
                Sha256.updateToEnd(whole, in);
            }
            if (!HexFormat.of().formatHex(whole.digest()).equals(part.sha256())) {
                throw new NoSuchFileException(name, null, "the held upload no longer matches its record");
            }
            FileBlockSink file = FileBlockSink.continuing(entry, running, offset);
            return new Upload(file, file, reservation, held, name, part.size(), offset, prefix);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(running);
            throw e;
        }
    }

    private Upload open(UploadReservations.Reservation reservation, UnaryOperator<BlockSink> decoding, long size,
            boolean resumable) throws IOException {
        Objects.requireNonNull(reservation, "reservation");
        FileBlockSink file;
        if (resumable) {
            // Kept on abort: the upload decides whether to keep or delete it.
            Path part = held.newPartFile(name);
            Files.createFile(part); // a new name, never an existing file
            try {
                file = FileBlockSink.continuing(entry, part, 0);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(part);
                throw e;
            }
        } else {
            file = FileBlockSink.create(entry); // deleted on abort
        }
        try {
            return new Upload(file, decoding.apply(file), reservation, held, name, size, 0,
                    resumable ? Sha256.newDigest() : null);
        } catch (RuntimeException e) {
            file.abort();
            Files.deleteIfExists(file.partFile());
            throw e;
        }
    }
}
