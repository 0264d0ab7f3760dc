package netdisk.services.storage;

import java.time.Instant;

/** A file as {@code ls} shows it. */
public record FileEntry(String name, long size, Instant modified) {}
