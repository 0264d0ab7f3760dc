package netdisk.services.storage;

import java.time.Instant;

/** A file as {@code stat} shows it: with its SHA-256 (hex), computed on demand and cached. */
public record FileStat(String name, long size, Instant modified, String sha256) {}
