package netdisk.services.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.services.client.DownloadSidecar;

/**
 * Any bytes in a download's resume record (the file beside a partial download, which anything on
 * the client's disk may have damaged): it reads as a record or as none, never an exception, so a
 * damaged record means only that the download starts afresh.
 */
class DownloadSidecarFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readsOrIgnores(byte[] content) throws IOException {
        Path file = Files.createTempFile("sidecar", ".json");
        try {
            Files.write(file, content);
            DownloadSidecar.read(file);
        } finally {
            Files.delete(file);
        }
    }
}
