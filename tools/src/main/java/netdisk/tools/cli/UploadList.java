package netdisk.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code put}'s arguments name: each local file and its name on the server.
 *
 * <ul>
 *   <li>{@code put a b c} (or {@code put *.jpg}): each file under its own name.
 *   <li>{@code put LOCAL REMOTE}, the contract from before several files: exactly two arguments,
 *       the second not a local file (or one of the same name as the first:
 *       {@code put dir/f.bin f.bin}), is the first one's remote name. Two local files are two
 *       uploads (a glob that matched two); {@code --as} names the one file explicitly.
 *   <li>Two files that would get the same remote name are refused before anything moves: the
 *       second would silently replace the first.
 * </ul>
 */
final class UploadList {

    /** One file to upload. */
    record Entry(Path local, String remote) {}

    private UploadList() {}

    /**
     * @throws IllegalArgumentException with the message for a usage error
     */
    static List<Entry> of(List<String> args, String as) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("name the file(s) to upload");
        }
        if (as != null) {
            if (args.size() != 1) {
                throw new IllegalArgumentException("--as names one file; " + args.size() + " were given");
            }
            return List.of(new Entry(Path.of(args.get(0)), as));
        }
        if (args.size() == 2 && !Files.exists(Path.of(args.get(1)))) {
            return List.of(new Entry(Path.of(args.get(0)), args.get(1))); // REMOTE as typed: the server judges it
        }
        if (args.size() == 2 && sameName(args.get(0), args.get(1))) {
            return List.of(new Entry(Path.of(args.get(0)), nameOf(Path.of(args.get(1)), args.get(1))));
        }
        Map<String, Entry> byRemote = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (String arg : args) {
            Path local = Path.of(arg);
            Entry entry = new Entry(local, nameOf(local, arg));
            Entry earlier = byRemote.putIfAbsent(entry.remote(), entry);
            if (earlier != null) {
                throw new IllegalArgumentException(earlier.local() + " and " + local + " would both be uploaded as "
                        + entry.remote() + ": upload one of them with --as NAME");
            }
            entries.add(entry);
        }
        return entries;
    }

    /** {@code put dir/f.bin f.bin}: as two uploads they would collide, as LOCAL REMOTE they make sense. */
    private static boolean sameName(String first, String second) {
        return nameOf(Path.of(first), first).equals(nameOf(Path.of(second), second));
    }

    private static String nameOf(Path local, String arg) {
        Path name = local.getFileName();
        return name == null ? arg : name.toString();
    }
}
