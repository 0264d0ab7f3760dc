package netdisk.udp.server;

/**
 * Which names a served folder accepts, before any of them meets the file system: a plain TFTP
 * server takes relative paths ({@link FileRoot#problemWith}), the netdisk server one plain
 * segment with stricter rules of its own. {@link FolderGuard} applies it.
 */
@FunctionalInterface
public interface NameRule {

    /** What is wrong with {@code name}, or {@code null} when nothing is. */
    String problemWith(String name);
}
