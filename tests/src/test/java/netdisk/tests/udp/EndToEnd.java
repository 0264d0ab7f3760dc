package netdisk.tests.udp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.retransmit.RetransmitPolicy;

/** What every end-to-end test shares: a quick retransmission policy, files and their digests. */
final class EndToEnd {

    /**
     * Quick to recover, quick to give up: 50 ms before the first round trip is measured, a 10 ms
     * floor (a loaded 2-core machine stalls a thread for a few ms now and then, and the dally of
     * 8 x RTO must outlast such a stall), and a 1 s ceiling; a
     * peer silent for 10 s (not the default 30 s) is gone, so a broken transfer ends quickly.
     */
    static final RetransmitPolicy FAST = new RetransmitPolicy(
            Duration.ofMillis(50), Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(10), 8);

    /** RFC 1350 lockstep without any option. */
    static final TransferOptions LOCKSTEP = TransferOptions.plain().withRetransmit(FAST);
    /** netdisk's default: blksize 1428, windowsize 16, tsize. */
    static final TransferOptions WINDOWED = TransferOptions.defaults().withRetransmit(FAST);

    private EndToEnd() {}

    /** Work the test thread waits for, each on a fresh thread of its own. */
    interface Job<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code job} on a new daemon thread. Not the common fork-join pool: on 2 cores it has
     * one worker, and a client left running by an earlier test would hold this one back.
     */
    static <T> CompletableFuture<T> inBackground(Job<T> job) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("e2e-background").start(() -> {
            try {
                future.complete(job.run());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return future;
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    static InetSocketAddress loopbackAny() {
        return new InetSocketAddress(loopback(), 0);
    }

    static byte[] randomBytes(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static Path randomFile(Path file, long seed, int size) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, randomBytes(seed, size));
    }

    /** A file of {@code size} seeded random bytes, streamed so that even a big one costs little memory. */
    static Path bigRandomFile(Path file, long seed, long size) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                random.nextBytes(chunk);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return file;
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
