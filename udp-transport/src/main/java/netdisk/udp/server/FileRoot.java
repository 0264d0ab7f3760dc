package netdisk.udp.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import netdisk.udp.packet.ErrorCode;

/**
 * One folder and the names inside it: the only place where a name from the network becomes a
 * path.
 *
 * <p>A name is a relative path of {@code /}-separated segments. Refused with ERROR 2 (access
 * violation): empty names, absolute names, {@code .} and {@code ..} segments, empty segments,
 * backslashes (a Windows separator), NUL and other control characters, and anything whose real
 * path, after following symlinks, is not inside the root's real path.
 */
public final class FileRoot {

    private final Path root;
    private final Path realRoot;

    public FileRoot(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
        if (!Files.isDirectory(realRoot)) {
            throw new IOException("not a folder: " + root);
        }
    }

    public Path path() {
        return root;
    }

    /** An existing regular file to read. */
    public Path resolveForRead(String name) throws RequestRefusedException {
        Path candidate = lexicallyInside(name);
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new RequestRefusedException(ErrorCode.FILE_NOT_FOUND, "file not found: " + name);
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot access " + name);
        }
        if (!real.startsWith(realRoot)) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "access violation: " + name + " leads outside the served folder");
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
        if (!realParent.startsWith(realRoot) || !Files.isDirectory(realParent)) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "access violation: " + name + " leads outside the served folder");
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
            if (!real.startsWith(realRoot)) {
                throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "access violation: " + name + " leads outside the served folder");
            }
            if (Files.isDirectory(real)) {
                throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "is a folder: " + name);
            }
        }
        return target;
    }

    /** Checks the name's syntax and joins it to the root, without touching the file system. */
    public Path lexicallyInside(String name) throws RequestRefusedException {
        String problem = problemWith(name);
        if (problem != null) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "access violation: " + problem);
        }
        Path candidate;
        try {
            candidate = root.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, unrepresentable(name));
        }
        if (!candidate.startsWith(root) || candidate.equals(root)) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "access violation: " + name);
        }
        return candidate;
    }

    /**
     * Why a valid name still has no file: the JVM encodes names in the locale's charset
     * ({@code sun.jnu.encoding}), and under a non-UTF-8 locale such as POSIX most of Unicode has
     * no encoding at all. ./netdisk runs the server in a UTF-8 locale; this is for those who do not.
     */
    public static String unrepresentable(String name) {
        return "file name " + printable(name) + " cannot be stored on this server: its file names are "
                + System.getProperty("sun.jnu.encoding", "not UTF-8") + ", not UTF-8";
    }

    /** Why {@code name} is not an acceptable relative name, or {@code null} when it is. */
    public static String problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return "empty file name";
        }
        if (name.startsWith("/")) {
            return "absolute file name " + printable(name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                return "backslash in file name " + printable(name);
            }
            if (c < 0x20 || c == 0x7F) {
                return "control character in file name " + printable(name);
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "file name " + printable(name) + " has an empty, . or .. segment";
            }
        }
        return null;
    }

    private static String printable(String name) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < name.length() && i < 200; i++) {
            char c = name.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}
