package netdisk.services.access;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import netdisk.services.storage.FileEntry;
import netdisk.services.storage.FileStat;
import netdisk.services.storage.HeldUploads;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.NotEnoughSpaceException;
import netdisk.services.storage.Quota;
import netdisk.services.storage.QuotaExceededException;
import netdisk.services.storage.ReadableFile;
import netdisk.services.storage.UploadReservations;
import netdisk.services.storage.UploadTarget;
import netdisk.services.storage.UserFolder;

/**
 * One request's reach, as {@link FileAccess} granted it: a signed-in user's folder, or the public
 * folder for nobody in particular. Names are checked by the folder on every call ({@link
 * netdisk.services.storage.FileNames}); failures are the storage's own exceptions, for the
 * transport to word. Immutable.
 */
public final class Caller {

    private final Optional<String> user;
    private final UserFolder folder;
    private final UploadReservations reservations;
    private final Quota quota;

    Caller(Optional<String> user, UserFolder folder, UploadReservations reservations, Quota quota) {
        this.user = user;
        this.folder = folder;
        this.reservations = reservations;
        this.quota = quota;
    }

    /** The signed-in user; empty for the public folder. */
    public Optional<String> user() {
        return user;
    }

    public List<FileEntry> list() throws IOException {
        return folder.list();
    }

    public FileStat stat(String name) throws IOException, InvalidNameException {
        return folder.stat(name);
    }

    public void delete(String name) throws IOException, InvalidNameException {
        folder.delete(name);
    }

    /**
     * {@code name}, open for reading.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such regular file
     */
    public ReadableFile read(String name) throws IOException, InvalidNameException {
        return folder.openToRead(name);
    }

    /**
     * The failed upload of {@code name} held for a resume, when there is one of {@code size}
     * bytes in all (one of another size is another file: nothing to continue).
     */
    public Optional<HeldUploads.HeldPart> heldUpload(String name, long size) throws IOException, InvalidNameException {
        return folder.heldUpload(name).filter(held -> held.size() == size);
    }

    /**
     * Makes room for an upload of {@code bytes} (0 when unknown: the upload then grows its claim
     * as it goes) to {@code name}, in this order: the name (and no folder in the way), the disk's
     * free space, the user's quota, which is then held for it. The part file is created by {@link
     * PendingUpload#open}.
     *
     * @throws IllegalStateException for the public folder, which nobody writes to
     * @throws NotEnoughSpaceException when the disk has less room than {@code bytes}
     * @throws QuotaExceededException when the quota has less; nothing is held then
     */
    public PendingUpload reserveUpload(String name, long bytes)
            throws IOException, InvalidNameException, NotEnoughSpaceException, QuotaExceededException {
        return reserveUpload(name, bytes, 0);
    }

    /**
     * As {@link #reserveUpload(String, long)}, for an upload that continues {@code onDisk} bytes
     * already on the server's disk (a held upload): the disk needs only the rest, the quota
     * holds the whole file.
     */
    public PendingUpload reserveUpload(String name, long bytes, long onDisk)
            throws IOException, InvalidNameException, NotEnoughSpaceException, QuotaExceededException {
        if (user.isEmpty()) {
            throw new IllegalStateException("the public folder is read-only");
        }
        UploadTarget target = folder.uploadTarget(name);
        long free = target.usableSpace();
        if (bytes - onDisk > free) {
            throw new NotEnoughSpaceException(bytes - onDisk, free);
        }
        return new PendingUpload(target, reservations.reserve(quota, user.get(), folder, name, bytes));
    }
}
