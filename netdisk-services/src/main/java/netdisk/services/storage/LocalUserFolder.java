package netdisk.services.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import netdisk.udp.server.FolderGuard;
import netdisk.udp.server.UnsafeNameException;

/**
 * A user's files in a folder of the local file system.
 *
 * <p>Names become paths through {@link FolderGuard}, the one place for that in both servers, with
 * {@link FileNames} as the rule: a name is checked before it is joined to the folder, and every
 * path that is followed (a symlink an administrator left there) is checked again by its real
 * path: nothing outside the folder's real path is ever read or listed. Writes never follow a link:
 * {@link #uploadTarget} names the entry in the folder itself, and an upload renames its new file
 * onto that entry, replacing a link rather than writing through it. Listings show regular files
 * only, without our part files and without names {@link FileNames} would refuse (they could not
 * be asked for anyway).
 *
 * <p>Failed uploads kept for a resume ({@link HeldUploads}) are hidden too, but on the user's
 * disk: {@link #bytesUsed} counts them, and {@link #delete} of a name removes its held upload.
 *
 * <p>Thread-safe: the only state is the digest cache and the held uploads, which are.
 */
public final class LocalUserFolder implements UserFolder {

    private final Path folder;
    private final FolderGuard guard;
    private final DigestCache digests = new DigestCache();
    private final HeldUploads held;

    /** @param folder an existing folder; its real path (symlinks resolved) is what is served */
    public LocalUserFolder(Path folder) throws IOException {
        this(folder, Clock.systemUTC(), HeldUploads.DEFAULT_MAX_AGE);
    }

    /**
     * @param folder an existing folder; its real path (symlinks resolved) is what is served
     * @param clock and {@code heldFor}: when its held uploads expire
     */
    public LocalUserFolder(Path folder, Clock clock, Duration heldFor) throws IOException {
        Path real = folder.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(folder.toString());
        }
        this.folder = real;
        this.guard = new FolderGuard(real, FileNames::problemWith);
        this.held = new HeldUploads(real, clock, heldFor);
    }

    /** The folder's real path. */
    public Path path() {
        return folder;
    }

    @Override
    public List<FileEntry> list() throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                if (!FileNames.isValid(name)) {
                    continue;
                }
                BasicFileAttributes attributes = readableFile(entry);
                if (attributes != null) {
                    entries.add(new FileEntry(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
                }
            }
        }
        entries.sort(Comparator.comparing(FileEntry::name));
        return entries;
    }

    @Override
    public FileStat stat(String name) throws IOException, InvalidNameException {
        Path file = readable(name);
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        String sha256 = digests.sha256(name, file, attributes);
        return new FileStat(name, attributes.size(), attributes.lastModifiedTime().toInstant(), sha256);
    }

    /** Removes the file {@code name} and the held upload of that name; missing only when neither was there. */
    @Override
    public void delete(String name) throws IOException, InvalidNameException {
        Path entry = entry(name);
        boolean heldOne = held.discard(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (heldOne) {
                return;
            }
            throw e;
        }
        if (attributes.isDirectory()) {
            throw new NoSuchFileException(name, null, "a folder, not a file");
        }
        // A symlink is removed itself; what it points to is left alone.
        Files.delete(entry);
        digests.forget(name);
    }

    @Override
    public Optional<HeldUploads.HeldPart> heldUpload(String name) throws IOException, InvalidNameException {
        entry(name);
        return held.find(name);
    }

    @Override
    public long heldBytes(String name) throws IOException, InvalidNameException {
        entry(name);
        return held.bytesOnDisk(name);
    }

    /** The folder's held uploads. */
    public HeldUploads heldUploads() {
        return held;
    }

    @Override
    public ReadableFile openToRead(String name) throws IOException, InvalidNameException {
        return ReadableFile.open(readable(name));
    }

    @Override
    public long sizeOf(String name) throws IOException, InvalidNameException {
        return Files.size(readable(name));
    }

    /** The real path of an existing regular file called {@code name}, inside the folder. */
    private Path readable(String name) throws IOException, InvalidNameException {
        Path real;
        try {
            real = guard.realPathInside(entry(name));
        } catch (UnsafeNameException e) {
            throw leadsOutside(name);
        }
        if (!Files.isRegularFile(real) || FileNames.isInternal(real.getFileName().toString())) {
            throw new NoSuchFileException(name, null, "not a regular file");
        }
        return real;
    }

    @Override
    public UploadTarget uploadTarget(String name) throws IOException, InvalidNameException {
        Path entry = entry(name);
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(name, null, "a folder of that name exists");
        }
        return new UploadTarget(entry, name, held);
    }

    /** Where the file called {@code name} is (or would be) in this folder. */
    private Path entry(String name) throws InvalidNameException {
        try {
            return guard.entry(name);
        } catch (UnsafeNameException e) {
            throw e.reason() == UnsafeNameException.Reason.OUTSIDE ? leadsOutside(name)
                    : new InvalidNameException(e.getMessage());
        }
    }

    private static InvalidNameException leadsOutside(String name) {
        return new InvalidNameException("file name " + FileNames.printable(name) + " leads outside your folder");
    }

    /** The files a listing shows, and the held uploads' part files. */
    @Override
    public long bytesUsed() throws IOException {
        long total = held.bytesOnDisk();
        for (FileEntry entry : list()) {
            total += entry.size();
        }
        return total;
    }

    /** For tests: how many digests were computed rather than taken from the cache. */
    long digestsComputed() {
        return digests.computed();
    }

    /**
     * The attributes of {@code entry} when it is a regular file inside the folder (directly, or
     * through a link that stays inside), otherwise {@code null}.
     */
    private BasicFileAttributes readableFile(Path entry) throws IOException {
        try {
            BasicFileAttributes own = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (own.isRegularFile()) {
                return own;
            }
            if (!own.isSymbolicLink()) {
                return null;
            }
            Path real = entry.toRealPath();
            if (!guard.contains(real) || FileNames.isInternal(real.getFileName().toString())) {
                return null;
            }
            BasicFileAttributes target = Files.readAttributes(real, BasicFileAttributes.class);
            return target.isRegularFile() ? target : null;
        } catch (NoSuchFileException e) {
            return null; // deleted since the listing began, or a dangling link
        }
    }
}
