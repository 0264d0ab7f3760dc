package netdisk.services.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One user's files: a flat folder of plain names. Every method checks names first (see
 * {@link FileNames}); nothing outside the folder is reachable. It opens files rather than hand
 * out paths, so no caller can reach past the checks with a path of its own.
 */
public interface UserFolder {

    /** The files, one level, sorted by name; temp and partial files are not shown. */
    List<FileEntry> list() throws IOException;

    /** @throws java.nio.file.NoSuchFileException when there is no such file */
    FileStat stat(String name) throws IOException, InvalidNameException;

    /**
     * Removes the file, and the upload of that name held for a resume ({@link HeldUploads}).
     *
     * @throws java.nio.file.NoSuchFileException when there was neither
     */
    void delete(String name) throws IOException, InvalidNameException;

    /** The failed upload of {@code name} kept for a resume, if there is a valid, unexpired one. */
    Optional<HeldUploads.HeldPart> heldUpload(String name) throws IOException, InvalidNameException;

    /** Bytes the held upload of {@code name} takes on disk, 0 without one (part of {@link #bytesUsed}). */
    long heldBytes(String name) throws IOException, InvalidNameException;

    /**
     * An existing regular file, opened for reading (symlinks leaving the folder refused).
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    ReadableFile openToRead(String name) throws IOException, InvalidNameException;

    /**
     * Bytes of an existing regular file, as {@link #openToRead} would find it, without opening it.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    long sizeOf(String name) throws IOException, InvalidNameException;

    /**
     * Where an upload of {@code name} goes once complete (it may exist: uploads overwrite).
     *
     * @throws java.nio.file.FileSystemException when a folder of that name is in the way
     */
    UploadTarget uploadTarget(String name) throws IOException, InvalidNameException;

    /** Bytes used by the files in the folder and its held uploads, for the quota. */
    long bytesUsed() throws IOException;
}
