package netdisk.services.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import netdisk.services.accounts.Session;
import netdisk.services.control.InMemoryAccounts;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.NotEnoughSpaceException;
import netdisk.services.storage.Quota;
import netdisk.services.storage.QuotaExceededException;
import netdisk.services.storage.ReadableFile;
import netdisk.services.storage.Storage;
import netdisk.services.storage.Upload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps both data paths take from a request to a file, without either transport. */
class FileAccessTest {

    private static final InetAddress HERE = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    Storage storage;
    InMemoryAccounts accounts;
    Session alice;

    @BeforeEach
    void setUp() throws Exception {
        storage = Storage.open(dir.resolve("data"));
        accounts = new InMemoryAccounts(storage);
        accounts.register("alice", "a long password");
        alice = accounts.login("alice", "a long password", HERE);
    }

    private FileAccess access(Quota quota) {
        return new FileAccess(accounts, storage, quota);
    }

    @Test
    void aTokenOnlyAuthenticatesFromTheAddressThatLoggedIn() throws Exception {
        FileAccess files = access(Quota.NONE);
        assertThat(files.authenticate(alice.token(), HERE)).contains(alice);
        assertThat(files.authenticate(alice.token(), InetAddress.getByName("127.0.0.2"))).isEmpty();
        assertThat(files.authenticate("not-a-token", HERE)).isEmpty();
    }

    @Test
    void readsOpenTheUsersFileAndMissingOnesAreNoSuchFile() throws Exception {
        Files.writeString(storage.usersFolder().resolve("alice/f.txt"), "hello");
        Caller caller = access(Quota.NONE).filesOf(alice);

        try (ReadableFile file = caller.read("f.txt")) {
            assertThat(file.size()).isEqualTo(5);
        }
        assertThat(caller.user()).contains("alice");
        assertThatThrownBy(() -> caller.read("nothing")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> caller.read("../x")).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void thePublicFolderIsForReadingOnly() throws Exception {
        Files.writeString(storage.publicFolder().resolve("readme"), "hi");
        Caller anonymous = access(Quota.NONE).publicFiles();

        assertThat(anonymous.user()).isEmpty();
        try (ReadableFile file = anonymous.read("readme")) {
            assertThat(file.size()).isEqualTo(2);
        }
        assertThatThrownBy(() -> anonymous.reserveUpload("up", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUploadChecksTheNameThenTheDiskThenTheQuota() throws Exception {
        Caller caller = access(Quota.everyUser(1000)).filesOf(alice);

        // A bad name is refused before the room is weighed, whatever size it announces.
        assertThatThrownBy(() -> caller.reserveUpload("../x", Long.MAX_VALUE)).isInstanceOf(InvalidNameException.class);
        // No disk holds Long.MAX_VALUE bytes: refused for the disk, before the quota is asked.
        assertThatThrownBy(() -> caller.reserveUpload("f", Long.MAX_VALUE)).isInstanceOf(NotEnoughSpaceException.class);
        assertThatThrownBy(() -> caller.reserveUpload("f", 1001)).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void anUploadHoldsItsRoomUntilItEnds() throws Exception {
        Caller caller = access(Quota.everyUser(1000)).filesOf(alice);

        Upload first = caller.reserveUpload("a", 600).open();
        assertThatThrownBy(() -> caller.reserveUpload("b", 600)).isInstanceOf(QuotaExceededException.class);

        first.write(ByteBuffer.wrap(new byte[600]));
        first.complete();
        first.close();
        assertThat(storage.usersFolder().resolve("alice/a")).hasSize(600);
        assertThat(storage.reservations().reservedFor("alice")).isZero();
        assertThatThrownBy(() -> caller.reserveUpload("b", 600)).isInstanceOf(QuotaExceededException.class);
        caller.reserveUpload("b", 400).open().close();
        assertThat(storage.reservations().reservedFor("alice")).isZero();
    }

    @Test
    void anAbortedUploadKeepsTheOldFileAndGivesItsRoomBack() throws Exception {
        Path f = Files.writeString(storage.usersFolder().resolve("alice/f"), "old");
        Caller caller = access(Quota.everyUser(1000)).filesOf(alice);

        try (Upload upload = caller.reserveUpload("f", 900).open()) {
            upload.write(ByteBuffer.wrap(new byte[900]));
            upload.abort();
        }

        assertThat(f).hasContent("old");
        assertThat(storage.reservations().reservedFor("alice")).isZero();
        try (var entries = Files.list(f.getParent())) {
            assertThat(entries).containsExactly(f);
        }
    }
}
