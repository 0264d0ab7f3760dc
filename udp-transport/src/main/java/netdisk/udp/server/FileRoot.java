package netdisk.udp.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import netdisk.udp.packet.ErrorCode;

/**
 * One folder served by a plain TFTP server, and the names inside it. Names become paths through
 * {@link FolderGuard}, as they do in the netdisk server's folders; this class holds the plain
 * server's name rule and words its refusals as TFTP errors.
 *
 * <p>A name is a relative path of {@code /}-separated segments. Refused with ERROR 2 (access
 * violation): empty names, absolute names, {@code .} and {@code ..} segments, empty segments,
 * backslashes (a Windows separator), NUL and other C0 control characters and DEL, and anything
 * whose real path, after following symlinks, is not inside the root's real path. (The netdisk
 * server's own folders are flat and refuse more: see its {@code FileNames}.)
 */
public final class FileRoot {

    private final FolderGuard guard;

    public FileRoot(Path root) throws IOException {
        this.guard = new FolderGuard(root, FileRoot::problemWith);
        if (!Files.isDirectory(guard.realRoot())) {
            throw new IOException("not a folder: " + root);
        }
    }

    public Path path() {
        return guard.root();
    }

    /** An existing regular file to read. */
    public Path resolveForRead(String name) throws RequestRefusedException {
        Path candidate = lexicallyInside(name);
        Path real;
        try {
            real = guard.realPathInside(candidate);
        } catch (NoSuchFileException e) {
            throw new RequestRefusedException(ErrorCode.FILE_NOT_FOUND, "file not found: " + name);
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot access " + name);
        } catch (UnsafeNameException e) {
            throw leadsOutside(name);
        }
        if (!Files.isRegularFile(real)) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "not a regular file: " + name);
        }
        if (!Files.isReadable(real)) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "not readable: " + name);
        }
        return real;
    }

    /**
     * Where a file of this name may be written: its folder must exist inside the root; an
     * existing file there will be replaced (never written through a symlink that leaves the root).
     */
    public Path resolveForWrite(String name) throws RequestRefusedException {
        Path candidate = lexicallyInside(name);
        Path parent = candidate.getParent();
        Path realParent;
        try {
            realParent = parent.toRealPath();
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "no such folder for " + name);
        }
        if (!guard.contains(realParent) || !Files.isDirectory(realParent)) {
            throw leadsOutside(name);
        }
        Path target = realParent.resolve(candidate.getFileName());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "is a folder: " + name);
        }
        if (Files.isSymbolicLink(target)) {
            // The upload would replace the link, not write through it; but a name that resolves
            // outside the root is refused whatever the operation (spec/protocol.md section 13).
            Path real;
            try {
                real = target.toRealPath();
            } catch (IOException e) {
                throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "access violation: " + name + " is a link to nothing");
            }
            if (!guard.contains(real)) {
                throw leadsOutside(name);
            }
            if (Files.isDirectory(real)) {
                throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "is a folder: " + name);
            }
        }
        return target;
    }

    /** Checks the name's syntax and joins it to the root, without touching the file system. */
    public Path lexicallyInside(String name) throws RequestRefusedException {
        try {
            return guard.entry(name);
        } catch (UnsafeNameException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, switch (e.reason()) {
                case REFUSED -> "access violation: " + e.getMessage();
                case UNREPRESENTABLE -> e.getMessage();
                case OUTSIDE -> "access violation: " + name;
            });
        }
    }

    private static RequestRefusedException leadsOutside(String name) {
        return new RequestRefusedException(ErrorCode.ACCESS_VIOLATION,
                "access violation: " + name + " leads outside the served folder");
    }

    /** Why {@code name} is not an acceptable relative name, or {@code null} when it is. */
    public static String problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return "empty file name";
        }
        if (name.startsWith("/")) {
            return "absolute file name " + FolderGuard.printable(name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                return "backslash in file name " + FolderGuard.printable(name);
            }
            if (c < 0x20 || c == 0x7F) {
                return "control character in file name " + FolderGuard.printable(name);
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "file name " + FolderGuard.printable(name) + " has an empty, . or .. segment";
            }
        }
        return null;
    }
}
