package netdisk.udp.server;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One folder and the one way a name from the network becomes a path inside it, for every server
 * in this project: the plain TFTP server's {@link FileRoot} and the netdisk server's user and
 * public folders both go through here.
 *
 * <p>Two checks. {@link #entry} is lexical: the folder's {@link NameRule} (whose rules differ:
 * relative paths for a plain TFTP server, one plain segment for netdisk), then the join, which
 * must stay strictly below the folder and be representable in the JVM's file-name encoding.
 * {@link #realPathInside} is for what exists: symbolic links followed, the real path must lie
 * inside the folder's real path. What a server does with an entry that passes (read it, replace
 * it) and how it words a refusal stay its own. Immutable.
 */
public final class FolderGuard {

    private final Path root;
    private final Path realRoot;
    private final NameRule rule;

    /** @param folder an existing folder; names are joined to its absolute, normalized path */
    public FolderGuard(Path folder, NameRule rule) throws IOException {
        this.root = folder.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The folder as given, absolute and normalized: what {@link #entry} joins names to. */
    public Path root() {
        return root;
    }

    /** The folder with its symbolic links resolved: what everything served must lie inside. */
    public Path realRoot() {
        return realRoot;
    }

    /**
     * The path {@code name} denotes in the folder, without touching the file system (it may not
     * exist, and may be a symbolic link).
     *
     * @throws UnsafeNameException REFUSED by the rule, UNREPRESENTABLE, or OUTSIDE the folder
     */
    public Path entry(String name) throws UnsafeNameException {
        String problem = rule.problemWith(name);
        if (problem != null) {
            throw new UnsafeNameException(UnsafeNameException.Reason.REFUSED, problem);
        }
        Path candidate;
        try {
            candidate = root.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new UnsafeNameException(UnsafeNameException.Reason.UNREPRESENTABLE, unrepresentable(name));
        }
        // The rules already keep names inside; this holds even for a rule that forgot something.
        if (!candidate.startsWith(root) || candidate.equals(root)) {
            throw new UnsafeNameException(UnsafeNameException.Reason.OUTSIDE, "leads outside the folder");
        }
        return candidate;
    }

    /**
     * The real path of {@code path} (which must exist), symbolic links followed, when it lies
     * inside the folder's real path.
     *
     * @throws UnsafeNameException OUTSIDE when it does not
     * @throws IOException as {@link Path#toRealPath}, e.g. {@link java.nio.file.NoSuchFileException}
     */
    public Path realPathInside(Path path) throws IOException, UnsafeNameException {
        Path real = path.toRealPath();
        if (!contains(real)) {
            throw new UnsafeNameException(UnsafeNameException.Reason.OUTSIDE, "leads outside the folder");
        }
        return real;
    }

    /** Whether {@code realPath} (symbolic links already resolved) lies inside the folder's real path. */
    public boolean contains(Path realPath) {
        return realPath.startsWith(realRoot);
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

    /** The name for a message: C0 controls and DEL escaped, at most 200 characters. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < name.length() && i < 200; i++) {
            char c = name.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}
