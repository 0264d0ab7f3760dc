package netdisk.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code get}'s arguments name: each remote file and where it goes.
 *
 * <ul>
 *   <li>{@code get a b c}: each into the current folder under its own name; {@code get a b c DIR}
 *       (the last an existing folder): into DIR. {@code get --all [DIR]}: every file of the folder.
 *   <li>{@code get REMOTE LOCAL}, the contract from before several files: exactly two arguments,
 *       the second neither an existing folder nor one of the remote files, is where to save the
 *       first. When the second is a remote file too, both are fetched; {@code -o} names the one
 *       local file explicitly.
 *   <li>A remote name given twice is fetched once.
 * </ul>
 */
final class DownloadList {

    /**
     * One file to fetch.
     *
     * @param localArg the LOCAL argument as typed, for the resume hint; null when there was none
     */
    record Entry(String remote, Path target, String localArg) {}

    /** What the server has: asked only when the arguments cannot be read without it. */
    @FunctionalInterface
    interface RemoteNames {
        Set<String> names() throws Exception;
    }

    private DownloadList() {}

    /** @throws IllegalArgumentException with the message for a usage error */
    static List<Entry> of(List<String> args, boolean all, Path output, RemoteNames remote) throws Exception {
        List<String> given = args == null ? List.of() : args;
        if (all) {
            if (output != null) {
                throw new IllegalArgumentException("--all and -o do not go together: -o names one file");
            }
            if (given.size() > 1 || (given.size() == 1 && !Files.isDirectory(Path.of(given.get(0))))) {
                throw new IllegalArgumentException("--all takes at most one argument, an existing folder to save into");
            }
            Path folder = given.isEmpty() ? null : Path.of(given.get(0));
            return into(new ArrayList<>(remote.names()).stream().sorted().toList(), folder);
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException("name the file(s) to download, or --all");
        }
        if (output != null) {
            if (given.size() != 1) {
                throw new IllegalArgumentException("-o names one file; " + given.size() + " were given");
            }
            Path target = Files.isDirectory(output) ? output.resolve(baseName(given.get(0))) : output;
            return List.of(new Entry(given.get(0), target, output.toString()));
        }
        String last = given.get(given.size() - 1);
        if (given.size() >= 2 && Files.isDirectory(Path.of(last))) {
            if (given.size() == 2) {
                return List.of(new Entry(given.get(0), Path.of(last).resolve(baseName(given.get(0))), last));
            }
            return into(given.subList(0, given.size() - 1), Path.of(last));
        }
        if (given.size() == 2 && !remote.names().contains(last)) {
            return List.of(new Entry(given.get(0), Path.of(last), last));
        }
        return into(given, null);
    }

    private static List<Entry> into(List<String> names, Path folder) {
        Set<String> unique = new LinkedHashSet<>(names);
        List<Entry> entries = new ArrayList<>();
        for (String name : unique) {
            Path target = folder == null ? baseName(name) : folder.resolve(baseName(name));
            entries.add(new Entry(name, target, folder == null ? null : folder.toString()));
        }
        return entries;
    }

    /** Only the name's last segment becomes a local path: a remote name never writes outside the folder. */
    private static Path baseName(String remote) {
        Path name = Path.of(remote).getFileName();
        return name == null ? Path.of(remote) : name;
    }
}
