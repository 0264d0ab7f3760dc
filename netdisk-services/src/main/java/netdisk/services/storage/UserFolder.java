package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One user's files: a flat folder of plain names. Every method checks names first (see
 * {@link FileNames}); nothing outside the folder is reachable.
 */
public interface UserFolder {

    /** The files, one level, sorted by name; temp and partial files are not shown. */
    List<FileEntry> list() throws IOException;

    /** @throws java.nio.file.NoSuchFileException when there is no such file */
    FileStat stat(String name) throws IOException, InvalidNameException;

    /** @throws java.nio.file.NoSuchFileException when there is no such file */
    void delete(String name) throws IOException, InvalidNameException;

    /** An existing regular file to read (symlinks leaving the folder refused). */
    Path fileToRead(String name) throws IOException, InvalidNameException;

    /** Where an upload of {@code name} goes once complete (it may exist: uploads overwrite). */
    Path fileToWrite(String name) throws IOException, InvalidNameException;

    /** Bytes used by the files in the folder, for the quota. */
    long bytesUsed() throws IOException;
}
