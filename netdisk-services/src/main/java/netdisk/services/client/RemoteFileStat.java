package netdisk.services.client;

import java.time.Instant;

/** A file with its SHA-256 (lower-case hex), as {@code stat} and a finished upload show it. */
public record RemoteFileStat(String name, long size, Instant modified, String sha256) {}
