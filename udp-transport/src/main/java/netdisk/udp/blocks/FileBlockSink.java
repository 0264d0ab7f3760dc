package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes received blocks to a part file next to the target and moves it onto the target only
 * when the transfer is complete, so a reader of the target sees the old file or the whole new
 * one, never a torn one (RFC 1350 has no way to take back a half-received file).
 *
 * <p>{@link #create(Path)} starts a fresh hidden part file {@code .<name>.<16 hex>.part} in the
 * target's folder (same file system, so the final rename is atomic); {@link #isPartFileName}
 * recognises such names so listings can hide them and a janitor can remove stale ones after a
 * crash. Writes go through a buffer (256 KiB) so small blocks do not cost one system call each.
 * {@link #complete()} flushes, forces the data to the device, renames the part file onto the
 * target atomically (replacing it) and then forces the folder, best effort. {@link #abort()}
 * deletes the part file and leaves the target as it was.
 *
 * <p>{@link #continuing(Path, Path, long)} is the seam for resumed downloads: it appends to an
 * existing part file from a byte offset, and an abort keeps that part file for the next attempt.
 *
 * <p>The new file gets the default permissions of a new file, not those of the file it
 * replaces. Not thread-safe: one transfer uses it from one thread.
 */
public final class FileBlockSink implements BlockSink {

    /** Write buffer size: 512 blocks of 512 bytes. */
    public static final int DEFAULT_BUFFER = 256 * 1024;

    /** What {@link #abort()} does with the part file. */
    public enum OnAbort {
        /** Delete it: nothing of the failed transfer remains. */
        DELETE,
        /** Flush and keep it, so that a later transfer can resume from its length. */
        KEEP
    }

    private static final Pattern PART_NAME = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.part");
    /** Keeps {@code .<name>.<16 hex>.part} within the common 255-byte name limit. */
    private static final int MAX_NAME_CHARS_IN_PART = 64;

    private enum State { OPEN, COMPLETED, ABORTED }

    private final Path target;
    private final Path partFile;
    private final FileChannel channel;
    private final OnAbort onAbort;
    private final ByteBuffer buffer;
    private long bytesReceived;
    private State state = State.OPEN;

    private FileBlockSink(Path target, Path partFile, FileChannel channel, OnAbort onAbort,
            int bufferSize) {
        this.target = target;
        this.partFile = partFile;
        this.channel = channel;
        this.onAbort = onAbort;
        this.buffer = ByteBuffer.allocate(bufferSize);
    }

    /**
     * A sink that will become {@code target}, through a new hidden part file in its folder.
     * The part file is created now, so a folder that cannot be written fails here, before any
     * block is accepted.
     */
    public static FileBlockSink create(Path target) throws IOException {
        return create(target, DEFAULT_BUFFER);
    }

    /** As {@link #create(Path)}, with a write buffer of {@code bufferSize} bytes (at least 1). */
    public static FileBlockSink create(Path target, int bufferSize) throws IOException {
        checkBufferSize(bufferSize);
        String name = fileName(target);
        HexFormat hex = HexFormat.of();
        for (int attempt = 0; ; attempt++) {
            Path part = target.resolveSibling("." + shorten(name) + "."
                    + hex.toHexDigits(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                FileChannel channel = FileChannel.open(part,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new FileBlockSink(target, part, channel, OnAbort.DELETE, bufferSize);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /**
     * A sink that continues {@code partFile} (to become {@code target}) at byte {@code
     * startOffset}: the part file is cut to that length and the blocks written after it. With
     * {@code startOffset} 0 the part file is created when missing. An abort keeps the part file
     * (flushed and forced as far as possible); after one, trust its length on disk rather than
     * {@link #bytesReceived()}. {@code partFile} must be in the target's file system for the
     * final move to be atomic; naming it is the caller's business.
     *
     * @throws NoSuchFileException when {@code startOffset > 0} and the part file is missing
     * @throws IOException when the part file is shorter than {@code startOffset}
     */
    public static FileBlockSink continuing(Path target, Path partFile, long startOffset)
            throws IOException {
        fileName(target);
        if (startOffset < 0) {
            throw new IllegalArgumentException("negative start offset: " + startOffset);
        }
        FileChannel channel = startOffset == 0
                ? FileChannel.open(partFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                : FileChannel.open(partFile, StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size < startOffset) {
                throw new IOException("part file " + partFile + " has " + size
                        + " bytes, cannot continue at byte " + startOffset);
            }
            channel.truncate(startOffset);
            channel.position(startOffset);
            return new FileBlockSink(target, partFile, channel, OnAbort.KEEP, DEFAULT_BUFFER);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether {@code fileName} has the shape of a part file made by {@link #create(Path)}. */
    public static boolean isPartFileName(String fileName) {
        return PART_NAME.matcher(fileName).matches();
    }

    /** Where the data is being written until {@link #complete()}. */
    public Path partFile() {
        return partFile;
    }

    public Path target() {
        return target;
    }

    @Override
    public void write(ByteBuffer payload) throws IOException {
        ensureOpen();
        int n = payload.remaining();
        if (n >= buffer.capacity()) {
            flush();
            writeFully(payload);
        } else {
            while (payload.hasRemaining()) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                int chunk = Math.min(payload.remaining(), buffer.remaining());
                buffer.put(buffer.position(), payload, payload.position(), chunk);
                buffer.position(buffer.position() + chunk);
                payload.position(payload.position() + chunk);
            }
        }
        bytesReceived += n;
    }

    /**
     * Writes the buffered blocks and forces them to the device, without completing: afterwards
     * the part file holds exactly {@link #bytesReceived()} bytes past the start offset, even after
     * a crash. A resumable download calls it before recording its progress, so the record never
     * claims bytes the disk may not have.
     */
    public void sync() throws IOException {
        ensureOpen();
        flush();
        channel.force(false);
    }

    @Override
    public void complete() throws IOException {
        ensureOpen();
        flush();
        channel.force(true);
        channel.close();
        Files.move(partFile, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        state = State.COMPLETED;
        forceFolder();
    }

    @Override
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        if (onAbort == OnAbort.KEEP && channel.isOpen()) {
            try {
                flush();
                channel.force(true);
            } catch (IOException | RuntimeException e) {
                // Best effort: the part file keeps whatever prefix reached it.
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to do; the data is being discarded or kept as far as it got.
        }
        if (onAbort == OnAbort.DELETE) {
            try {
                Files.deleteIfExists(partFile);
            } catch (IOException e) {
                // A leftover part file is hidden and recognisable (isPartFileName) for cleanup.
            }
        }
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void close() {
        abort();
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("sink already " + state.name().toLowerCase());
        }
        if (!channel.isOpen()) {
            // complete() failed half-way (after closing): only abort() makes sense now.
            throw new IllegalStateException("sink failed to complete; abort it");
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        try {
            writeFully(buffer);
        } finally {
            buffer.compact();
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Makes the rename itself durable (POSIX needs the folder synced); not all systems can. */
    private void forceFolder() {
        Path folder = target.toAbsolutePath().getParent();
        if (folder == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            // Some platforms cannot open a folder as a channel; the data itself was forced.
        }
    }

    private static String fileName(Path target) {
        Objects.requireNonNull(target, "target");
        Path name = target.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("target has no file name: " + target);
        }
        return name.toString();
    }

    /** The first {@value #MAX_NAME_CHARS_IN_PART} characters, not splitting a surrogate pair. */
    private static String shorten(String name) {
        if (name.length() <= MAX_NAME_CHARS_IN_PART) {
            return name;
        }
        int end = MAX_NAME_CHARS_IN_PART;
        if (Character.isHighSurrogate(name.charAt(end - 1))) {
            end--;
        }
        return name.substring(0, end);
    }

    private static void checkBufferSize(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer must be at least 1 byte: " + bufferSize);
        }
    }
}
