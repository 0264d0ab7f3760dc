package netdisk.tests.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What is in a folder, for "nothing else was created, changed or left behind" assertions. */
final class Folders {

    private Folders() {}

    /** The names in {@code folder}, one level, sorted (hidden part files included). */
    /** Bytes of every regular file directly in {@code folder}, part files included. */
    static long totalBytes(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }

    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Every path under {@code root} (links not followed) with its size and modification time,
     * except those under {@code excluded}.
     */
    static Map<String, String> snapshot(Path root, Path excluded) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (excluded != null && p.startsWith(excluded) && !p.equals(excluded)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what = a.isDirectory() ? "dir" : a.isSymbolicLink() ? "link" : a.size() + " bytes";
                entries.put(root.relativize(p).toString(), what + " " + (a.isDirectory() ? "" : a.lastModifiedTime()));
            }
        }
        return entries;
    }
}
