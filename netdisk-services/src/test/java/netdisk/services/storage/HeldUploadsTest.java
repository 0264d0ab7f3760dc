package netdisk.services.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import netdisk.services.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed uploads held for a resume: kept when worth it, never ahead of their data, replaced,
 * removed, continued, expired, counted by the quota and swept at start (spec/control.md 4.9).
 */
class HeldUploadsTest {

    private static final int SIZE = 10_000;
    private static final byte[] DATA = random(SIZE, 1);
    private static final UploadReservations.Reservation UNLIMITED = UploadReservations.Reservation.UNLIMITED;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Path home;
    private LocalUserFolder folder;

    @BeforeEach
    void folder() throws IOException {
        home = Files.createDirectories(dir.resolve("users/alice"));
        folder = new LocalUserFolder(home, clock, HeldUploads.DEFAULT_MAX_AGE);
    }

    @Test
    void aFailedUploadIsKeptWithARecordOfExactlyTheBytesOnDisk() throws Exception {
        failAfter("f.bin", 3000);

        HeldUploads.HeldPart held = folder.heldUpload("f.bin").orElseThrow();
        assertThat(held.name()).isEqualTo("f.bin");
        assertThat(held.size()).isEqualTo(SIZE);
        assertThat(held.held()).isEqualTo(3000);
        assertThat(held.sha256()).isEqualTo(sha256(DATA, 3000));
        assertThat(held.kept()).isEqualTo(clock.instant());
        Path part = folder.heldUploads().partOf("f.bin");
        assertThat(Files.readAllBytes(part)).isEqualTo(Arrays.copyOf(DATA, 3000));
        assertThat(internalFiles()).containsExactlyInAnyOrder(part.getFileName().toString(),
                part.getFileName() + ".json");
        assertThat(folder.list()).as("hidden").isEmpty();
        for (String internal : internalFiles()) {
            assertThatThrownBy(() -> folder.openToRead(internal)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> folder.uploadTarget(internal)).isInstanceOf(InvalidNameException.class);
        }
    }

    @Test
    void nothingIsKeptWithoutAByteWithoutASizeOrAfterTheQuotaRefusedAWrite() throws Exception {
        failAfter("none.bin", 0);
        try (Upload upload = folder.uploadTarget("nosize.bin").open(UNLIMITED, UnaryOperator.identity())) {
            upload.write(ByteBuffer.wrap(DATA, 0, 100));
            upload.abort();
        }
        UploadReservations reservations = new UploadReservations();
        UploadReservations.Reservation small = reservations.reserve(Quota.everyUser(500), "alice", folder, "q.bin", 0);
        try (Upload upload = folder.uploadTarget("q.bin").openResumable(small, SIZE)) {
            upload.write(ByteBuffer.wrap(DATA, 0, 100));
            assertThatThrownBy(() -> upload.write(ByteBuffer.wrap(DATA, 100, 1000))).hasMessageContaining("quota");
            upload.abort();
        }

        assertThat(folder.heldUpload("none.bin")).isEmpty();
        assertThat(folder.heldUpload("nosize.bin")).isEmpty();
        assertThat(folder.heldUpload("q.bin")).isEmpty();
        assertThat(internalFiles()).isEmpty();
        assertThat(reservations.reservedFor("alice")).isZero();
    }

    @Test
    void aNewerFailedUploadReplacesTheHeldOne() throws Exception {
        failAfter("f.bin", 3000);
        byte[] other = random(SIZE * 2, 2);
        try (Upload upload = folder.uploadTarget("f.bin").openResumable(UNLIMITED, other.length)) {
            upload.write(ByteBuffer.wrap(other, 0, 5000));
            upload.abort();
        }

        HeldUploads.HeldPart held = folder.heldUpload("f.bin").orElseThrow();
        assertThat(held.size()).isEqualTo(other.length);
        assertThat(held.held()).isEqualTo(5000);
        assertThat(held.sha256()).isEqualTo(sha256(other, 5000));
        assertThat(internalFiles()).hasSize(2);
    }

    @Test
    void aCompletedUploadOfTheNameRemovesTheHeldOne() throws Exception {
        failAfter("f.bin", 3000);
        try (Upload upload = folder.uploadTarget("f.bin").openResumable(UNLIMITED, 10)) {
            upload.write(ByteBuffer.wrap(DATA, 0, 10));
            upload.complete();
        }

        assertThat(folder.heldUpload("f.bin")).isEmpty();
        assertThat(internalFiles()).isEmpty();
        assertThat(Files.readAllBytes(home.resolve("f.bin"))).isEqualTo(Arrays.copyOf(DATA, 10));
    }

    @Test
    void deletingANameRemovesItsHeldUploadEvenWithoutAFile() throws Exception {
        failAfter("f.bin", 3000);

        folder.delete("f.bin");

        assertThat(internalFiles()).isEmpty();
        assertThatThrownBy(() -> folder.delete("f.bin")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aResumedUploadContinuesTheHeldBytesAndDigestsTheWholeFile() throws Exception {
        failAfter("f.bin", 3000);
        HeldUploads.HeldPart held = folder.heldUpload("f.bin").orElseThrow();

        try (Upload upload = folder.uploadTarget("f.bin").resume(UNLIMITED, held, 2048)) {
            assertThat(internalFiles()).as("taken: no record any more").hasSize(1);
            assertThat(upload.offset()).isEqualTo(2048);
            assertThat(upload.bytesReceived()).isEqualTo(2048);
            upload.write(ByteBuffer.wrap(DATA, 2048, SIZE - 2048));
            upload.complete();
            assertThat(upload.sha256()).isEqualTo(sha256(DATA, SIZE));
        }

        assertThat(Files.readAllBytes(home.resolve("f.bin"))).isEqualTo(DATA);
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void aResumedUploadThatFailsAgainIsHeldWithEverythingItHas() throws Exception {
        failAfter("f.bin", 3000);
        HeldUploads.HeldPart held = folder.heldUpload("f.bin").orElseThrow();

        try (Upload upload = folder.uploadTarget("f.bin").resume(UNLIMITED, held, 3000)) {
            upload.write(ByteBuffer.wrap(DATA, 3000, 4000));
            upload.abort();
        }

        HeldUploads.HeldPart again = folder.heldUpload("f.bin").orElseThrow();
        assertThat(again.held()).isEqualTo(7000);
        assertThat(again.sha256()).isEqualTo(sha256(DATA, 7000));
        assertThat(Files.readAllBytes(folder.heldUploads().partOf("f.bin"))).isEqualTo(Arrays.copyOf(DATA, 7000));
    }

    @Test
    void aHeldUploadIsContinuedOnceOnly() throws Exception {
        failAfter("f.bin", 3000);
        HeldUploads.HeldPart held = folder.heldUpload("f.bin").orElseThrow();

        try (Upload first = folder.uploadTarget("f.bin").resume(UNLIMITED, held, 3000)) {
            assertThatThrownBy(() -> folder.uploadTarget("f.bin").resume(UNLIMITED, held, 3000))
                    .isInstanceOf(NoSuchFileException.class);
            first.abort();
        }
    }

    @Test
    void aHeldUploadWhoseBytesNoLongerMatchItsRecordIsNotContinued() throws Exception {
        failAfter("f.bin", 3000);
        HeldUploads.HeldPart held = folder.heldUpload("f.bin").orElseThrow();
        byte[] damaged = Arrays.copyOf(DATA, 3000);
        damaged[2999] ^= 1;
        Files.write(folder.heldUploads().partOf("f.bin"), damaged);

        assertThatThrownBy(() -> folder.uploadTarget("f.bin").resume(UNLIMITED, held, 2048))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(internalFiles()).isEmpty();
    }

    @Test
    void aHeldUploadExpires() throws Exception {
        failAfter("f.bin", 3000);

        clock.advance(HeldUploads.DEFAULT_MAX_AGE);
        assertThat(folder.heldUpload("f.bin")).as("exactly 7 days: still held").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(folder.heldUpload("f.bin")).isEmpty();
        assertThat(internalFiles()).as("removed when looked up").isEmpty();
    }

    @Test
    void heldBytesCountAgainstTheQuotaButNotAgainstAnUploadOfTheSameName() throws Exception {
        Files.write(home.resolve("other.bin"), new byte[100]);
        failAfter("f.bin", 3000);

        assertThat(folder.bytesUsed()).isEqualTo(3100);
        Quota quota = Quota.everyUser(5000);
        assertThat(quota.roomFor("alice", folder, "g.bin")).isEqualTo(1900);
        assertThat(quota.roomFor("alice", folder, "f.bin")).as("it replaces the held upload").isEqualTo(4900);
    }

    @Test
    void theStartUpSweepKeepsValidHeldUploadsAndRemovesEverythingElse() throws Exception {
        failAfter("keep.bin", 3000);
        failAfter("expired.bin", 1000);
        clock.advance(Duration.ofDays(5));
        failAfter("recent.bin", 2000);
        failAfter("orphan-part.bin", 500);
        Files.delete(folder.heldUploads().recordOf("orphan-part.bin"));
        failAfter("orphan-record.bin", 500);
        Files.delete(folder.heldUploads().partOf("orphan-record.bin"));
        failAfter("short.bin", 500);
        Files.write(folder.heldUploads().partOf("short.bin"), new byte[10]);
        Path running = home.resolve(".f.bin.0123456789abcdef.part"); // an upload a crash interrupted
        Files.write(running, new byte[300]);
        Files.write(home.resolve("user.bin"), new byte[7]);
        clock.advance(Duration.ofDays(3)); // expired.bin and keep.bin are 8 days old now

        Storage storage = Storage.open(dir, dir.resolve("public"), clock, HeldUploads.DEFAULT_MAX_AGE);
        Storage.Swept swept = storage.removeInterruptedUploads();

        assertThat(swept.held()).isEqualTo(1);
        assertThat(internalFiles()).containsExactlyInAnyOrder(
                folder.heldUploads().partOf("recent.bin").getFileName().toString(),
                folder.heldUploads().recordOf("recent.bin").getFileName().toString());
        assertThat(swept.files()).isEqualTo(2 + 2 + 1 + 1 + 2 + 1); // keep, expired, orphans, short, running
        assertThat(home.resolve("user.bin")).exists();
        assertThat(folder.heldUpload("recent.bin")).isPresent();
    }

    /** Uploads the first {@code bytes} of DATA as {@code name} (announcing all of it), then fails. */
    private void failAfter(String name, int bytes) throws Exception {
        try (Upload upload = folder.uploadTarget(name).openResumable(UNLIMITED, SIZE)) {
            for (int at = 0; at < bytes; at += 700) {
                upload.write(ByteBuffer.wrap(DATA, at, Math.min(700, bytes - at)));
            }
            upload.abort();
        }
    }

    private List<String> internalFiles() throws IOException {
        try (var files = Files.list(home)) {
            return files.map(p -> p.getFileName().toString()).filter(FileNames::isInternal).toList();
        }
    }

    private static String sha256(byte[] data, int length) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(data, 0, length);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
