package netdisk.services.storage;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalUserFolderTest {

    @TempDir
    Path dir;

    Path home;
    Path outside;
    LocalUserFolder folder;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(dir.resolve("users/alice"));
        outside = Files.writeString(dir.resolve("secret.txt"), "not yours");
        folder = new LocalUserFolder(home);
    }

    @Test
    void listsOneLevelSortedByNameWithSizeAndTime() throws IOException {
        Files.writeString(home.resolve("b.txt"), "bb");
        Files.writeString(home.resolve("a.txt"), "a");
        Files.createDirectories(home.resolve("sub"));
        Files.writeString(home.resolve("sub/deeper.txt"), "x");
        Instant when = Instant.parse("2024-05-01T10:00:00Z");
        Files.setLastModifiedTime(home.resolve("a.txt"), FileTime.from(when));

        List<FileEntry> files = folder.list();

        assertThat(files).extracting(FileEntry::name).containsExactly("a.txt", "b.txt");
        assertThat(files.get(0)).isEqualTo(new FileEntry("a.txt", 1, when));
        assertThat(files.get(1).size()).isEqualTo(2);
    }

    @Test
    void listingHidesPartFilesAndUnaddressableNames() throws IOException {
        Files.writeString(home.resolve("visible"), "v");
        Files.writeString(home.resolve(".visible.0123456789abcdef.part"), "upload in progress");
        Files.writeString(home.resolve("bad\nname"), "an administrator made this");
        assertThat(folder.list()).extracting(FileEntry::name).containsExactly("visible");
    }

    @Test
    void listingShowsLinksThatStayInsideAndHidesLinksThatLeave() throws IOException {
        Files.writeString(home.resolve("real.txt"), "1234");
        Files.createSymbolicLink(home.resolve("alias.txt"), home.resolve("real.txt"));
        Files.createSymbolicLink(home.resolve("escape.txt"), outside);
        Files.createSymbolicLink(home.resolve("dangling.txt"), home.resolve("gone"));
        assertThat(folder.list()).extracting(FileEntry::name).containsExactly("alias.txt", "real.txt");
        assertThat(folder.bytesUsed()).isEqualTo(8);
    }

    @Test
    void statGivesSizeTimeAndSha256() throws Exception {
        byte[] content = "hello netdisk".getBytes(StandardCharsets.UTF_8);
        Files.write(home.resolve("h.txt"), content);
        FileStat stat = folder.stat("h.txt");
        assertThat(stat.name()).isEqualTo("h.txt");
        assertThat(stat.size()).isEqualTo(content.length);
        assertThat(stat.modified()).isEqualTo(Files.getLastModifiedTime(home.resolve("h.txt")).toInstant());
        assertThat(stat.sha256()).isEqualTo(sha256(content));
    }

    @Test
    void statComputesTheDigestOnceWhileTheFileStaysTheSame() throws Exception {
        Files.writeString(home.resolve("f"), "one");
        String first = folder.stat("f").sha256();
        assertThat(folder.stat("f").sha256()).isEqualTo(first);
        assertThat(folder.digestsComputed()).isEqualTo(1);
    }

    @Test
    void statNoticesAReplacedFileEvenWithTheSameSizeAndTime() throws Exception {
        Path f = Files.writeString(home.resolve("f"), "one");
        FileTime time = Files.getLastModifiedTime(f);
        String first = folder.stat("f").sha256();
        // An upload renames a new file onto the old one: same size, and here the same mtime too.
        Path replacement = Files.writeString(home.resolve("tmp"), "two");
        Files.setLastModifiedTime(replacement, time);
        Files.move(replacement, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertThat(folder.stat("f").sha256()).isNotEqualTo(first).isEqualTo(sha256("two".getBytes()));
    }

    @Test
    void statNoticesAChangedSize() throws Exception {
        Path f = Files.writeString(home.resolve("f"), "one");
        folder.stat("f");
        Files.writeString(f, "three");
        assertThat(folder.stat("f").sha256()).isEqualTo(sha256("three".getBytes()));
    }

    @Test
    void concurrentStatsAgree() throws Exception {
        byte[] content = new byte[3_000_000];
        new java.util.Random(3).nextBytes(content);
        Files.write(home.resolve("big"), content);
        String expected = sha256(content);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> folder.stat("big").sha256()));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void statOfAMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> folder.stat("nothing")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void everyEntryPointRefusesTraversal() {
        for (String name : List.of("../secret.txt", "..", "/etc/passwd", "a/b", "..\\secret.txt", "x\u0000y")) {
            assertThatThrownBy(() -> folder.stat(name)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> folder.openToRead(name)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> folder.sizeOf(name)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> folder.uploadTarget(name)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> folder.delete(name)).isInstanceOf(InvalidNameException.class);
        }
        assertThat(outside).hasContent("not yours");
    }

    @Test
    void readingThroughALinkThatLeavesIsRefused() throws IOException {
        Files.createSymbolicLink(home.resolve("escape.txt"), outside);
        Files.createSymbolicLink(home.resolve("escape-dir"), dir);
        assertThatThrownBy(() -> folder.openToRead("escape.txt"))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> folder.stat("escape.txt")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> folder.sizeOf("escape.txt")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> folder.openToRead("escape-dir")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void readingThroughALinkThatStaysInsideIsAllowed() throws Exception {
        Path real = Files.writeString(home.resolve("real.txt"), "data");
        Files.createSymbolicLink(home.resolve("alias.txt"), real);
        try (ReadableFile file = folder.openToRead("alias.txt")) {
            ByteBuffer bytes = ByteBuffer.allocate(16);
            file.channel().read(bytes);
            assertThat(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8)).isEqualTo("data");
            assertThat(file.size()).isEqualTo(4);
            assertThat(file.modified()).isEqualTo(Files.getLastModifiedTime(real).toInstant());
        }
        assertThat(folder.sizeOf("alias.txt")).isEqualTo(4);
    }

    @Test
    void aFolderIsNotAFile() throws IOException {
        Files.createDirectories(home.resolve("sub"));
        assertThatThrownBy(() -> folder.openToRead("sub")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> folder.sizeOf("sub")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> folder.delete("sub")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> folder.uploadTarget("sub")).isInstanceOf(FileSystemException.class);
        assertThat(home.resolve("sub")).isDirectory();
    }

    @Test
    void writingGoesToTheEntryInTheFolderNeverThroughALink() throws Exception {
        Files.createSymbolicLink(home.resolve("escape.txt"), outside);
        Path target = home.resolve("escape.txt");
        // An upload renames onto the entry: the link is replaced, the outside file untouched.
        try (Upload upload = folder.uploadTarget("escape.txt").open(UploadReservations.Reservation.UNLIMITED,
                UnaryOperator.identity())) {
            upload.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)));
            upload.complete();
        }
        assertThat(outside).hasContent("not yours");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(target).hasContent("new");
    }

    @Test
    void uploadTargetAcceptsANewNameAndCreatesNothingYet() throws Exception {
        folder.uploadTarget("new.bin");
        try (var entries = Files.list(home)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void anAbortedUploadLeavesTheOldFileAndNoPartFile() throws Exception {
        Files.writeString(home.resolve("f"), "old");
        try (Upload upload = folder.uploadTarget("f").open(UploadReservations.Reservation.UNLIMITED,
                UnaryOperator.identity())) {
            upload.write(ByteBuffer.wrap("new bytes".getBytes(StandardCharsets.UTF_8)));
            upload.abort();
        }
        assertThat(home.resolve("f")).hasContent("old");
        try (var entries = Files.list(home)) {
            assertThat(entries).containsExactly(home.resolve("f"));
        }
    }

    @Test
    void deleteRemovesTheFileAndALinkOnlyItself() throws Exception {
        Files.writeString(home.resolve("f"), "x");
        Files.createSymbolicLink(home.resolve("escape.txt"), outside);
        folder.stat("f");
        folder.delete("f");
        folder.delete("escape.txt");
        assertThat(home.resolve("f")).doesNotExist();
        assertThat(outside).hasContent("not yours");
        assertThatThrownBy(() -> folder.delete("f")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void partFilesAreNeitherReadableNorWritableByName() {
        String part = ".f.0123456789abcdef.part";
        assertThatThrownBy(() -> folder.openToRead(part)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> folder.uploadTarget(part)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> folder.delete(part)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void quotaCountsTheReplacedFileAsFree() throws Exception {
        Files.write(home.resolve("a"), new byte[300]);
        Files.write(home.resolve("b"), new byte[200]);
        Quota quota = Quota.everyUser(1000);
        assertThat(quota.roomFor("alice", folder, "new")).isEqualTo(500);
        assertThat(quota.roomFor("alice", folder, "a")).isEqualTo(800);
        assertThat(Quota.everyUser(100).roomFor("alice", folder, "new")).isZero();
        assertThat(Quota.NONE.roomFor("alice", folder, "new")).isEqualTo(Long.MAX_VALUE);
    }
}
