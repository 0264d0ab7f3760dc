package netdisk.services.storage;

import java.nio.charset.StandardCharsets;
import netdisk.udp.blocks.FileBlockSink;

/**
 * The names a user's files may have. A user's folder is flat, so a name is exactly one path
 * segment; it is checked before it ever meets the file system, whichever entry point it came
 * through (a UDP request, a control message).
 *
 * <p>Refused: empty names, {@code .} and {@code ..}, any {@code /} or {@code \} (a separator on
 * one system or another), NUL and other control characters (C0, DEL, C1: they make names that
 * terminals and logs misprint), text that is not valid Unicode (an unpaired surrogate has no
 * UTF-8 form), names over {@value #MAX_BYTES} UTF-8 bytes (the common file-system limit), and
 * the names of our own temporary files ({@link FileBlockSink#isPartFileName}): a user who could
 * name one could read or overwrite an upload in progress.
 */
public final class FileNames {

    /** The longest name in UTF-8 bytes: ext4, XFS, APFS and NTFS (in UTF-16 units) all stop here. */
    public static final int MAX_BYTES = 255;

    private FileNames() {}

    /**
     * Returns {@code name} when it is an acceptable file name.
     *
     * @throws InvalidNameException saying what is wrong with it
     */
    public static String check(String name) throws InvalidNameException {
        String problem = problemWith(name);
        if (problem != null) {
            throw new InvalidNameException(problem);
        }
        return name;
    }

    /** Whether {@code name} is an acceptable file name. */
    public static boolean isValid(String name) {
        return problemWith(name) == null;
    }

    /** What is wrong with {@code name}, or {@code null} when nothing is. */
    public static String problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return "empty file name";
        }
        if (name.equals(".") || name.equals("..")) {
            return "file name " + printable(name) + " is not allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "file name " + printable(name) + " contains a path separator; names are one plain segment";
            }
            if (Character.isISOControl(c)) {
                return "file name " + printable(name) + " contains a control character";
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return "file name " + printable(name) + " is not valid Unicode";
                }
                i++;
            }
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "file name is " + bytes + " bytes long in UTF-8; at most " + MAX_BYTES + " are allowed";
        }
        if (isInternal(name)) {
            return "file name " + printable(name) + " is reserved for uploads in progress";
        }
        return null;
    }

    /** Whether {@code fileName} is one of our temporary files, hidden from listings. */
    public static boolean isInternal(String fileName) {
        return FileBlockSink.isPartFileName(fileName);
    }

    /** The name for a message: control characters escaped, at most 100 characters. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(name.length(), 100);
        for (int i = 0; i < shown; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (shown < name.length()) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
