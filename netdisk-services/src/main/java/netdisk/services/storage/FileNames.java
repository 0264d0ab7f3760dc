package netdisk.services.storage;

import java.nio.charset.StandardCharsets;
import netdisk.udp.blocks.FileBlockSink;

/**
 * The names a user's files may have. A user's folder is flat, so a name is exactly one path
 * segment; it is checked before it ever meets the file system, whichever entry point it came
 * through (a UDP request, a control message): it is the {@link netdisk.udp.server.NameRule} that
 * {@link LocalUserFolder} gives {@link netdisk.udp.server.FolderGuard}, which then joins the name
 * to the folder and checks real paths.
 *
 * <p>Stricter than the plain TFTP server's rule ({@link netdisk.udp.server.FileRoot#problemWith}),
 * which takes relative paths with subfolders and refuses only empty, absolute, {@code .}/{@code ..}
 * and empty segments, backslashes, C0 controls and DEL: everything that rule refuses, this one
 * refuses too (with its own wording).
 *
 * <p>Refused: empty names, {@code .} and {@code ..}, any {@code /} or {@code \} (a separator on
 * one system or another), NUL and other control characters (C0, DEL, C1: they make names that
 * terminals and logs misprint), invisible and text-reordering characters (U+202E, U+200B, U+FEFF
 * and the rest of Unicode's format characters, but for a joiner inside a word: they make one name
 * look like another in a listing), text that is not valid Unicode (an unpaired surrogate has no
 * UTF-8 form), names over {@value #MAX_BYTES} UTF-8 bytes (the common file-system limit), and
 * the names of our own files ({@link #isInternal}): a user who could name one could read or
 * overwrite an upload in progress or held.
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
            }
            int cp = name.codePointAt(i);
            if (isInvisibleOrReordering(cp) && !isJoinerBetweenVisibleCharacters(name, i, cp)) {
                return "file name " + printable(name) + " contains an invisible or text-reordering character "
                        + String.format("U+%04X", cp) + "; it would show as another name in listings";
            }
            i += Character.charCount(cp) - 1;
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

    /**
     * Format characters (Unicode category Cf: bidirectional overrides and isolates such as U+202E,
     * zero-width spaces such as U+200B, U+FEFF, soft hyphen, tags) and line or paragraph
     * separators: a name holding one shows in a listing as some other name ("invoice\u202Efdp.exe"
     * reads "invoiceexe.pdf"), or as a name it is not.
     */
    private static boolean isInvisibleOrReordering(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * ZWNJ (U+200C) and ZWJ (U+200D) between two visible characters are part of writing (Persian
     * and Indic words, emoji sequences such as a family): kept there, refused anywhere else.
     */
    private static boolean isJoinerBetweenVisibleCharacters(String name, int i, int cp) {
        if (cp != 0x200C && cp != 0x200D || i == 0 || i + 1 >= name.length()) {
            return false;
        }
        int before = name.codePointBefore(i);
        int after = name.codePointAt(i + 1);
        return !isInvisibleOrReordering(before) && !isInvisibleOrReordering(after)
                && !Character.isWhitespace(before) && !Character.isWhitespace(after);
    }

    /**
     * Whether {@code fileName} is one of our own files, hidden from listings: the part file of
     * an upload in progress or held for a resume, or a held upload's record ({@link HeldUploads}).
     */
    public static boolean isInternal(String fileName) {
        return FileBlockSink.isPartFileName(fileName) || HeldUploads.isRecordName(fileName);
    }

    private static boolean isPaired(String name, int i) {
        char c = name.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(name.charAt(i - 1));
    }

    /** The name for a message: control, invisible and unpaired characters escaped, at most 100 characters. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder("\"");
        int shown = Math.min(name.length(), 100);
        for (int i = 0; i < shown; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !isPaired(name, i)
                    || isInvisibleOrReordering(c)) {
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
