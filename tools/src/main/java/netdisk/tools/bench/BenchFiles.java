package netdisk.tools.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;

/** The files a bench moves: random (so nothing on the way can compress them), hashed, cleaned up. */
public final class BenchFiles {

    private BenchFiles() {}

    /** {@code size} bytes from a fixed seed: every bench moves the same bytes. */
    public static void writeRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(20261123L);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream os = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                int n = (int) Math.min(left, chunk.length);
                os.write(chunk, 0, n);
                left -= n;
            }
        }
    }

    public static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp folder left behind is harmless.
        }
    }
}
