package netdisk.services.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import netdisk.services.Sha256;
import netdisk.udp.blocks.FileBlockSink;

/**
 * One download into a local file that survives being broken off: the bytes go to {@code
 * <local>.netdisk-part}, what is known to be on disk is recorded in {@code
 * <local>.netdisk-part.json} ({@link DownloadSidecar}), and a later attempt continues from there
 * — but only while the remote file is the same one. At the end the whole file's SHA-256 is
 * checked before it replaces {@code local}.
 *
 * <p>Transport-neutral: the UDP client drives it through {@link ResumingBlockSink}; a byte-stream
 * transport (TCP) asks for {@link #heldBytes()}, requests the rest from that offset, and writes it
 * through {@link #open(long, int)} with a unit of 1.
 *
 * <p>Steps: {@link #prepare} (reads any sidecar and decides), {@link #open} (at the offset the
 * server agreed to), write through the {@link Partial}, {@link Partial#finished()} or {@link
 * Partial#keep()}, then {@link #finish()}. Not thread-safe.
 */
public final class ResumableDownload {

    /**
     * New bytes between two records of progress. Each record forces the data to the disk, which
     * stalls the receiving thread for milliseconds while the sender's window waits: every 1 MiB
     * that cost a UDP download at 1 Gbit/s a third of its speed in timeouts and resends. A break
     * (cancel, timeout, error) records everything anyway; this bounds only what a crash of the
     * machine can take back.
     */
    public static final long CHECKPOINT_BYTES = 16L << 20;

    private final Path local;
    private final String server;
    private final String remote;
    private final RemoteIdentity identity;
    private final StartedFrom planned;
    private final long heldBytes;
    /** The attempt under way (the last {@link #open}). */
    private Partial current;

    private ResumableDownload(Path local, String server, String remote, RemoteIdentity identity,
            StartedFrom planned, long heldBytes) {
        this.local = local;
        this.server = server;
        this.remote = remote;
        this.identity = identity;
        this.planned = planned;
        this.heldBytes = heldBytes;
    }

    /**
     * Looks at what an earlier attempt left for {@code local}: a partial copy of this very
     * remote file is kept for continuing; anything else is deleted.
     *
     * @param server how the server is named in the record ({@code host:port})
     */
    public static ResumableDownload prepare(Path local, String server, String remote, RemoteIdentity identity)
            throws IOException {
        Objects.requireNonNull(local, "local");
        Path part = DownloadSidecar.partFileOf(local);
        Path sidecarFile = DownloadSidecar.sidecarFileOf(local);
        boolean leftovers = Files.exists(sidecarFile) || Files.exists(part);
        Optional<DownloadSidecar> sidecar = DownloadSidecar.read(sidecarFile);
        if (!leftovers) {
            return new ResumableDownload(local, server, remote, identity, StartedFrom.FRESH, 0);
        }
        if (sidecar.isPresent() && !sidecar.get().describes(server, remote, identity)) {
            discard(local);
            return new ResumableDownload(local, server, remote, identity, StartedFrom.RESTARTED_REMOTE_CHANGED, 0);
        }
        long onDisk = Files.isRegularFile(part) ? Files.size(part) : -1;
        long held = sidecar.map(DownloadSidecar::heldBytes).orElse(-1L);
        if (held < 0 || onDisk < held || held > identity.size()) {
            discard(local);
            return new ResumableDownload(local, server, remote, identity, StartedFrom.RESTARTED_PARTIAL_UNUSABLE, 0);
        }
        return new ResumableDownload(local, server, remote, identity, StartedFrom.RESUMED, held);
    }

    /** Deletes the partial copy of {@code local} and its record, if any. */
    public static void discard(Path local) throws IOException {
        Files.deleteIfExists(DownloadSidecar.sidecarFileOf(local));
        Files.deleteIfExists(DownloadSidecar.partFileOf(local));
    }

    /** What {@link #prepare} found: {@link StartedFrom#RESUMED} when there is something to continue. */
    public StartedFrom planned() {
        return planned;
    }

    /** The bytes at the start of the part file known to be good (0 unless resuming). */
    public long heldBytes() {
        return heldBytes;
    }

    public Path local() {
        return local;
    }

    public Path partFile() {
        return DownloadSidecar.partFileOf(local);
    }

    public Path sidecarFile() {
        return DownloadSidecar.sidecarFileOf(local);
    }

    public RemoteIdentity identity() {
        return identity;
    }

    /**
     * Starts writing at byte {@code offset} (at most {@link #heldBytes()}: what the server agreed
     * to continue from; 0 to start over). Progress is recorded in whole units of {@code unit}
     * bytes (the block size; 1 for a byte stream).
     */
    public Partial open(long offset, int unit) throws IOException {
        if (offset < 0 || offset > heldBytes) {
            throw new IOException("cannot continue at byte " + offset + ": only " + heldBytes + " are held");
        }
        if (unit < 1) {
            throw new IllegalArgumentException("unit must be at least 1 byte: " + unit);
        }
        if (offset % unit != 0) {
            throw new IOException("offset " + offset + " is not a whole number of " + unit + "-byte blocks");
        }
        Partial partial = new Partial(FileBlockSink.continuing(local, partFile(), offset), offset, unit);
        partial.record();
        current = partial;
        return partial;
    }

    /**
     * The part file is complete: checks its size and SHA-256 against the remote's, then moves it
     * onto {@code local} atomically and deletes the record. A file that does not match is deleted
     * with its record (its bytes cannot be told apart, so keeping any of them would only repeat
     * the damage) and {@link DigestMismatchException} says so.
     *
     * <p>An attempt that began at byte 0 hashed every byte as it was written, so the file is not
     * read a second time (for 64 MiB that was 0.12 s of a 0.35 s download on the lab's link); a
     * resumed one hashes the part file now, because its first bytes came in an earlier attempt.
     */
    public Path finish() throws IOException {
        Path part = partFile();
        long size = Files.size(part);
        String digest = current != null && current.wholeFileDigest() != null ? current.wholeFileDigest()
                : Sha256.of(part);
        if (size != identity.size() || !digest.equals(identity.sha256())) {
            discard(local);
            throw new DigestMismatchException("downloaded " + remote + " does not match the server's (" + size
                    + " bytes, SHA-256 " + digest + "; expected " + identity.size() + " bytes, " + identity.sha256()
                    + "); the partial file was deleted, download it again");
        }
        Files.move(part, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(sidecarFile());
        return local;
    }

    /**
     * The part file being written from an offset. Every {@value #CHECKPOINT_BYTES} new bytes
     * it forces the data to disk and then records it, so the record never claims bytes a crash
     * could take back.
     */
    public final class Partial {
        private final FileBlockSink sink;
        private final long offset;
        private final int unit;
        /** The SHA-256 of every byte written so far; only from byte 0, where that is the whole file. */
        private final MessageDigest digest;
        private long recorded;
        private boolean closed;
        private String wholeFileDigest;

        private Partial(FileBlockSink sink, long offset, int unit) {
            this.sink = sink;
            this.offset = offset;
            this.unit = unit;
            this.recorded = offset;
            this.digest = offset == 0 ? Sha256.newDigest() : null;
        }

        /** Where this attempt began. */
        public long offset() {
            return offset;
        }

        /** Bytes of the whole file the part file now holds (offset + written). */
        public long position() {
            return offset + sink.bytesReceived();
        }

        public void write(ByteBuffer bytes) throws IOException {
            if (digest != null) {
                digest.update(bytes.duplicate());
            }
            sink.write(bytes);
            if (position() - recorded >= CHECKPOINT_BYTES) {
                checkpoint();
            }
        }

        /** Forces what was written and records it. */
        public void checkpoint() throws IOException {
            sink.sync();
            record();
        }

        /** Every byte has arrived: forced and recorded, ready for {@link ResumableDownload#finish()}. */
        public void finished() throws IOException {
            checkpoint();
            if (digest != null) {
                wholeFileDigest = HexFormat.of().formatHex(digest.digest());
            }
            close();
        }

        /** The hex SHA-256 of the whole file when this attempt wrote all of it and finished; else null. */
        String wholeFileDigest() {
            return wholeFileDigest;
        }

        /**
         * The attempt broke off: keeps the part file with what reached it and records that, for
         * the next attempt. Never throws; at worst the record stays at the last checkpoint.
         */
        public void keep() {
            if (closed) {
                return;
            }
            try {
                checkpoint();
            } catch (IOException | RuntimeException e) {
                // The last record still holds: it never claims more than the disk had then.
            }
            close();
        }

        private void close() {
            closed = true;
            sink.abort(); // continuing sinks keep their part file on abort: that is what we want
        }

        private void record() throws IOException {
            long held = position() - position() % unit;
            DownloadSidecar.of(server, remote, identity, unit, held).write(sidecarFile());
            recorded = held;
        }
    }
}
