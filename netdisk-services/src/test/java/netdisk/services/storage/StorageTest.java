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
}
