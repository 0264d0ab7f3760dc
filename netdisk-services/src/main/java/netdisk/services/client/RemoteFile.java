package netdisk.services.client;

import java.time.Instant;

/** A file as {@code ls} shows it. */
public record RemoteFile(String name, long size, Instant modified) {}
