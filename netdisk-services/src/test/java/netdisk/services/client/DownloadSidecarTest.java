package netdisk.services.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resume record beside a partial download: written as it always was (a record written by an
 * earlier netdisk still reads), and anything that is not a whole record reads as none.
 */
class DownloadSidecarTest {

    /** What netdisk wrote before the record was written field by field (Jackson's record binding). */
    private static final String AS_WRITTEN = "{\"version\":1,\"server\":\"10.0.0.1:6969\",\"remote\":\"big.iso\","
            + "\"size\":1048576,\"modified\":\"2026-12-04T10:00:00Z\",\"sha256\":\"ab12\",\"blockSize\":1428,"
            + "\"blocks\":300}";

    @TempDir
    Path dir;

    private final DownloadSidecar record = new DownloadSidecar(1, "10.0.0.1:6969", "big.iso", 1_048_576,
            "2026-12-04T10:00:00Z", "ab12", 1428, 300);

    @Test
    void theBytesOnDiskAreTheFormatItHadAndReadBackAsTheSameRecord() throws IOException {
        Path file = dir.resolve("big.iso.netdisk-part.json");
        record.write(file);

        assertThat(Files.readString(file)).isEqualTo(AS_WRITTEN);
        assertThat(DownloadSidecar.read(file)).contains(record);
        assertThat(dir.resolve("big.iso.netdisk-part.json.tmp")).doesNotExist();
    }

    @Test
    void fieldsItDoesNotKnowAreIgnored() throws IOException {
        assertThat(read(AS_WRITTEN.replace("{", "{\"later\":[1,2],"))).contains(record);
    }

    @Test
    void anythingButAWholeRecordIsNone() throws IOException {
        List<String> damaged = List.of(
                "",
                "[]",
                "42",
                "{\"version\":1",
                AS_WRITTEN.replace("\"blocks\":300", "\"blocks\":\"300\""),
                AS_WRITTEN.replace("\"size\":1048576", "\"size\":1048576.5"),
                AS_WRITTEN.replace("\"blockSize\":1428", "\"blockSize\":4294967296"),
                AS_WRITTEN.replace("\"blockSize\":1428", "\"blockSize\":0"),
                AS_WRITTEN.replace("\"server\":\"10.0.0.1:6969\",", ""),
                AS_WRITTEN.replace("\"sha256\":\"ab12\"", "\"sha256\":null"),
                AS_WRITTEN.replace("\"blocks\":300", "\"blocks\":-1"));
        for (String content : damaged) {
            assertThat(read(content)).as(content).isEmpty();
        }
        assertThat(DownloadSidecar.read(dir.resolve("none.json"))).isEmpty();
    }

    private java.util.Optional<DownloadSidecar> read(String content) throws IOException {
        Path file = Files.write(dir.resolve("r.json"), content.getBytes(StandardCharsets.UTF_8));
        return DownloadSidecar.read(file);
    }
}
