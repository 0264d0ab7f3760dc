package netdisk.services.client;

import static netdisk.testkit.Digests.sha256;
import static netdisk.testkit.TestData.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resumable download without any network, used as a byte-stream transport (TCP) would use
 * it: ask {@link ResumableDownload#heldBytes()}, fetch the rest from there, write it in.
 */
class ResumableDownloadTest {

    private static final String SERVER = "127.0.0.1:6969";

    @TempDir
    Path dir;

    private final byte[] data = randomBytes(3 * (int) ResumableDownload.CHECKPOINT_BYTES + 1234, 1);
    private final RemoteIdentity identity =
            new RemoteIdentity(data.length, Instant.parse("2024-05-01T10:15:30Z"), sha256(data));

    private Path local() {
        return dir.resolve("f.bin");
    }

    /** Writes {@code data[from, to)} through a fresh attempt and returns the attempt. */
    private ResumableDownload.Partial writeRange(ResumableDownload download, long from, int to) throws Exception {
        ResumableDownload.Partial partial = download.open(from, 1);
        partial.write(ByteBuffer.wrap(data, (int) from, to - (int) from));
        return partial;
    }

    @Test
    void aFreshDownloadBrokenOffIsContinuedByByteOffset() throws Exception {
        ResumableDownload first = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);
        assertThat(first.planned()).isEqualTo(StartedFrom.FRESH);
        writeRange(first, 0, 1_500_000).keep();

        DownloadSidecar sidecar = DownloadSidecar.read(DownloadSidecar.sidecarFileOf(local())).orElseThrow();
        assertThat(sidecar.heldBytes()).isEqualTo(1_500_000);
        assertThat(sidecar.remote()).isEqualTo("f.bin");
        assertThat(sidecar.server()).isEqualTo(SERVER);

        ResumableDownload second = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);
        assertThat(second.planned()).isEqualTo(StartedFrom.RESUMED);
        assertThat(second.heldBytes()).isEqualTo(1_500_000);
        writeRange(second, second.heldBytes(), data.length).finished();

        assertThat(second.finish()).isEqualTo(local());
        assertThat(Files.readAllBytes(local())).isEqualTo(data);
        assertThat(DownloadSidecar.sidecarFileOf(local())).doesNotExist();
        assertThat(DownloadSidecar.partFileOf(local())).doesNotExist();
    }

    @Test
    void aFreshDownloadIsCheckedAgainstTheBytesAsTheyWereWritten() throws Exception {
        ResumableDownload download = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);
        ResumableDownload.Partial partial = download.open(0, 1);
        byte[] damaged = data.clone();
        damaged[damaged.length / 2] ^= 1;
        partial.write(ByteBuffer.wrap(damaged));
        partial.finished();

        assertThatThrownBy(download::finish).isInstanceOf(DigestMismatchException.class).hasMessageContaining("deleted");
        assertThat(DownloadSidecar.partFileOf(local())).doesNotExist();
        assertThat(local()).doesNotExist();
    }

    @Test
    void aResumedDownloadHashesThePartFileBecauseItsStartCameEarlier() throws Exception {
        writeRange(ResumableDownload.prepare(local(), SERVER, "f.bin", identity), 0, 1_000_000).keep();
        // The first attempt's bytes rot on disk: only reading them back can tell.
        Path part = DownloadSidecar.partFileOf(local());
        byte[] held = Files.readAllBytes(part);
        held[10] ^= 1;
        Files.write(part, held);

        ResumableDownload second = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);
        writeRange(second, second.heldBytes(), data.length).finished();

        assertThatThrownBy(second::finish).isInstanceOf(DigestMismatchException.class);
        assertThat(local()).doesNotExist();
    }

    @Test
    void recordsProgressWhileWritingSoACrashLosesAtMostOneCheckpoint() throws Exception {
        ResumableDownload download = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);
        ResumableDownload.Partial partial = writeRange(download, 0, 2 * (int) ResumableDownload.CHECKPOINT_BYTES + 10);
        // No keep(): as if the process died here. The record vouches only for what was forced.
        long recorded = DownloadSidecar.read(DownloadSidecar.sidecarFileOf(local())).orElseThrow().heldBytes();
        assertThat(recorded).isGreaterThanOrEqualTo(ResumableDownload.CHECKPOINT_BYTES)
                .isLessThanOrEqualTo(partial.position());
        assertThat(Files.size(DownloadSidecar.partFileOf(local()))).isGreaterThanOrEqualTo(recorded);
        byte[] onDisk = Arrays.copyOf(Files.readAllBytes(DownloadSidecar.partFileOf(local())), (int) recorded);
        assertThat(onDisk).isEqualTo(Arrays.copyOf(data, (int) recorded));
        partial.keep();
    }

    @Test
    void aRecordOfAnotherVersionOrServerOrNameRestarts() throws Exception {
        writeRange(ResumableDownload.prepare(local(), SERVER, "f.bin", identity), 0, 1000).keep();
        RemoteIdentity newer = new RemoteIdentity(identity.size(), identity.modified().plusSeconds(1), identity.sha256());

        ResumableDownload changed = ResumableDownload.prepare(local(), SERVER, "f.bin", newer);

        assertThat(changed.planned()).isEqualTo(StartedFrom.RESTARTED_REMOTE_CHANGED);
        assertThat(changed.heldBytes()).isZero();
        assertThat(DownloadSidecar.partFileOf(local())).doesNotExist();

        writeRange(ResumableDownload.prepare(local(), SERVER, "f.bin", identity), 0, 1000).keep();
        assertThat(ResumableDownload.prepare(local(), "10.0.0.1:6969", "f.bin", identity).planned())
                .isEqualTo(StartedFrom.RESTARTED_REMOTE_CHANGED);
        writeRange(ResumableDownload.prepare(local(), SERVER, "f.bin", identity), 0, 1000).keep();
        assertThat(ResumableDownload.prepare(local(), SERVER, "g.bin", identity).planned())
                .isEqualTo(StartedFrom.RESTARTED_REMOTE_CHANGED);
    }

    @Test
    void aPartFileShorterThanItsRecordIsNotTrusted() throws Exception {
        writeRange(ResumableDownload.prepare(local(), SERVER, "f.bin", identity), 0, 5000).keep();
        Files.write(DownloadSidecar.partFileOf(local()), new byte[100]);

        ResumableDownload again = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);

        assertThat(again.planned()).isEqualTo(StartedFrom.RESTARTED_PARTIAL_UNUSABLE);
        assertThat(again.heldBytes()).isZero();
    }

    @Test
    void aPartFileWithoutRecordIsNotTrusted() throws Exception {
        Files.write(DownloadSidecar.partFileOf(local()), new byte[100]);
        assertThat(ResumableDownload.prepare(local(), SERVER, "f.bin", identity).planned())
                .isEqualTo(StartedFrom.RESTARTED_PARTIAL_UNUSABLE);
    }

    @Test
    void cannotContinuePastWhatIsHeld() throws Exception {
        writeRange(ResumableDownload.prepare(local(), SERVER, "f.bin", identity), 0, 1000).keep();
        ResumableDownload again = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);
        assertThatThrownBy(() -> again.open(1001, 1)).hasMessageContaining("only 1000");
    }

    @Test
    void continuingRecordsInWholeBlocksOnly() throws Exception {
        ResumableDownload download = ResumableDownload.prepare(local(), SERVER, "f.bin", identity);
        ResumableDownload.Partial partial = download.open(0, 512);
        partial.write(ByteBuffer.wrap(data, 0, 512 * 3 + 100));
        partial.keep();
        DownloadSidecar sidecar = DownloadSidecar.read(DownloadSidecar.sidecarFileOf(local())).orElseThrow();
        assertThat(sidecar.blockSize()).isEqualTo(512);
        assertThat(sidecar.blocks()).isEqualTo(3);
    }

    @Test
    void theSidecarIsJsonWithTheFieldsTheSpecNames() throws Exception {
        DownloadSidecar.of(SERVER, "f.bin", identity, 1428, 1428 * 7).write(dir.resolve("s.json"));
        String json = Files.readString(dir.resolve("s.json"));
        assertThat(json).contains("\"version\":1", "\"server\":\"127.0.0.1:6969\"", "\"remote\":\"f.bin\"",
                "\"size\":" + data.length, "\"modified\":\"2024-05-01T10:15:30Z\"", "\"sha256\":\"" + identity.sha256(),
                "\"blockSize\":1428", "\"blocks\":7");
        assertThat(DownloadSidecar.read(dir.resolve("s.json"))).contains(
                DownloadSidecar.of(SERVER, "f.bin", identity, 1428, 1428 * 7));
    }
}
