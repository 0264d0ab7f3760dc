package netdisk.services.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

    @TempDir
    Path dir;

    @Test
    void createsTheLayoutOfTheDataFolder() throws Exception {
        Storage storage = Storage.open(dir.resolve("netdisk-data"));
        assertThat(dir.resolve("netdisk-data/users")).isDirectory();
        assertThat(dir.resolve("netdisk-data/public")).isDirectory();
        assertThat(storage.publicFolder()).isEqualTo(dir.resolve("netdisk-data/public"));
    }

    @Test
    void takesAnotherPublicFolder() throws Exception {
        Storage storage = Storage.open(dir.resolve("data"), dir.resolve("pub"));
        assertThat(storage.publicFolder()).isEqualTo(dir.resolve("pub")).isDirectory();
        assertThat(dir.resolve("data/public")).doesNotExist();
    }

    @Test
    void createsAUsersHomeUnderUsers() throws Exception {
        Storage storage = Storage.open(dir);
        assertThat(storage.createHome("alice")).isEqualTo(dir.resolve("users/alice")).isDirectory();
        assertThat(Storage.homeOf("alice")).isEqualTo("users/alice");
    }

    @Test
    void givesTheSameFolderToEveryRequestOfAUser() throws Exception {
        Storage storage = Storage.open(dir);
        storage.createHome("alice");
        UserFolder first = storage.folderOf("alice");
        assertThat(storage.folderOf("alice")).isSameAs(first);
        assertThat(storage.folderOf("bob")).isNotSameAs(first);
    }

    @Test
    void recreatesAHomeRemovedByHand() throws Exception {
        Storage storage = Storage.open(dir);
        storage.folderOf("alice");
        Files.delete(dir.resolve("users/alice"));
        assertThat(storage.folderOf("alice").list()).isEmpty();
        assertThat(dir.resolve("users/alice")).isDirectory();
    }

    @Test
    void refusesUserNamesThatAreNotOneSegment() throws Exception {
        Storage storage = Storage.open(dir);
        for (String name : new String[] {"..", "a/b", "", "."}) {
            assertThatThrownBy(() -> storage.createHome(name)).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> storage.folderOf(name)).isInstanceOf(InvalidNameException.class);
        }
    }

    @Test
    void removesThePartFilesOfInterruptedUploadsAndNothingElse() throws Exception {
        Storage storage = Storage.open(dir.resolve("data"));
        Path home = storage.createHome("alice");
        Files.write(home.resolve(".f.bin.0123456789abcdef.part"), new byte[300]);
        Files.write(home.resolve(".g.bin.fedcba9876543210.part"), new byte[200]);
        Files.write(home.resolve("f.bin"), new byte[10]);
        Files.write(home.resolve("notes.part"), new byte[10]); // a user's own file: not ours
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.write(elsewhere.resolve(".x.0123456789abcdef.part"), new byte[5]);
        Files.createSymbolicLink(dir.resolve("data/users/linked"), elsewhere);

        assertThat(storage.removeInterruptedUploads()).isEqualTo(new Storage.Swept(2, 500, 0));
        try (var left = Files.list(home)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f.bin", "notes.part");
        }
        assertThat(elsewhere.resolve(".x.0123456789abcdef.part")).as("links are not followed").exists();
        assertThat(storage.removeInterruptedUploads()).isEqualTo(new Storage.Swept(0, 0, 0));
    }
}
