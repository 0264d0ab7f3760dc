package netdisk.services.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.services.accounts.ExcelUserRegistry;
import netdisk.services.accounts.RegistryUnreadableException;

/**
 * Any bytes as users.xlsx: the registry loads, or start-up stops with {@link
 * RegistryUnreadableException} naming the file and leaving it as it was; no other exception (a
 * bug in our reading, or an unchecked error of POI let through) and no unbounded allocation (POI's
 * zip-bomb limits stay on).
 */
class RegistryLoaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void loadsOrRefusesWithAReason(byte[] content) throws IOException {
        Path folder = Files.createTempDirectory("registry");
        Path file = folder.resolve("users.xlsx");
        try {
            Files.write(file, content);
            try {
                ExcelUserRegistry.open(file);
            } catch (RegistryUnreadableException refused) {
                if (!java.util.Arrays.equals(Files.readAllBytes(file), content)) {
                    throw new AssertionError("a refused registry was changed");
                }
            }
        } finally {
            try (var left = Files.list(folder)) {
                for (Path p : (Iterable<Path>) left::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(folder);
        }
    }
}
