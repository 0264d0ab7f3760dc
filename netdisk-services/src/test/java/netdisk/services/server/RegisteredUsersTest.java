package netdisk.services.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.accounts.ExcelUserRegistry;
import netdisk.services.accounts.PasswordHasher;
import netdisk.services.accounts.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisteredUsersTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant T1 = Instant.parse("2026-02-03T04:05:06Z");
    private static final String HASH = new PasswordHasher(10).hash("a password");

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private void register(String name, Instant lastLogin, String... files) throws IOException {
        ExcelUserRegistry.open(data().resolve(ExcelUserRegistry.FILE_NAME))
                .add(new User(name, HASH, "users/" + name, T0, lastLogin));
        Path home = Files.createDirectories(data().resolve("users").resolve(name));
        for (String file : files) {
            Files.writeString(home.resolve(file), file); // as many bytes as the name has characters
        }
    }

    @Test
    void listsEveryUserWithWhatTheyStoreAndNeverAHash() throws Exception {
        register("alice", T1, "a.txt", "notes.md");
        register("bob", null);
        Files.writeString(data().resolve("users/alice/.up.bin.0123456789abcdef.part"), "in progress"); // not yet a file

        assertThat(RegisteredUsers.list(data())).containsExactly(
                new RegisteredUsers.Entry("alice", T0, Optional.of(T1), 2, 5 + 8),
                new RegisteredUsers.Entry("bob", T0, Optional.empty(), 0, 0));
        assertThat(RegisteredUsers.list(data()).toString()).doesNotContain("pbkdf2");
    }

    @Test
    void listsNothingWhereNoServerEverRan() throws Exception {
        assertThat(RegisteredUsers.list(dir.resolve("nothing here"))).isEmpty();
        assertThat(dir.resolve("nothing here")).doesNotExist();
    }

    @Test
    void removingTakesTheRowAndTheFolderOrOnlyTheRow() throws Exception {
        register("alice", null, "a.txt");
        register("bob", null, "b.txt");

        assertThat(RegisteredUsers.remove(data(), "ALICE", false)).isTrue();
        assertThat(RegisteredUsers.remove(data(), "bob", true)).isTrue();
        assertThat(RegisteredUsers.remove(data(), "carol", false)).isFalse();

        assertThat(ExcelUserRegistry.read(data().resolve(ExcelUserRegistry.FILE_NAME))).isEmpty();
        assertThat(data().resolve("users/alice")).doesNotExist();
        assertThat(data().resolve("users/bob")).as("not left for the next bob").doesNotExist();
        try (var kept = Files.list(data().resolve("kept"))) {
            assertThat(kept.map(p -> p.resolve("b.txt"))).singleElement()
                    .satisfies(b -> assertThat(b).hasContent("b.txt"))
                    .satisfies(b -> assertThat(b.getParent().getFileName().toString()).matches("bob-\\d{8}T\\d{6}Z"));
        }
    }

    @Test
    void removingIsRefusedWhileAServerRunsOnTheFolder() throws Exception {
        register("alice", null, "a.txt");
        NetdiskServerConfig config = NetdiskServerConfig.defaults(data())
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000));
        try (NetdiskServer server = NetdiskServer.start(config)) {
            assertThat(RegisteredUsers.list(data())).extracting(RegisteredUsers.Entry::name).containsExactly("alice");
            assertThatThrownBy(() -> RegisteredUsers.remove(data(), "alice", false))
                    .isInstanceOf(IOException.class).hasMessageContaining("another netdisk server");
        }
        assertThat(data().resolve("users/alice/a.txt")).exists();
        assertThat(RegisteredUsers.remove(data(), "alice", false)).isTrue();
    }

    @Test
    void aRowWhoseHomeLeavesTheUsersFolderChangesNothing() throws Exception {
        ExcelUserRegistry.open(data().resolve(ExcelUserRegistry.FILE_NAME))
                .add(new User("mallory", HASH, "users/../../outside", T0, null));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");

        assertThatThrownBy(() -> RegisteredUsers.remove(data(), "mallory", false))
                .isInstanceOf(IOException.class).hasMessageContaining("nothing was changed");
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
        assertThat(ExcelUserRegistry.read(data().resolve(ExcelUserRegistry.FILE_NAME)))
                .extracting(User::name).containsExactly("mallory");
    }
}
