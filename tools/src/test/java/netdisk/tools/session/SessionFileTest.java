package netdisk.tools.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {

    @TempDir
    Path dir;

    private final SavedSession alice = new SavedSession("127.0.0.1:6969", "alice", "tok-abc_123",
            Instant.parse("2026-11-24T00:00:00Z"));

    @Test
    void savedSessionLoadsBackIdentical() throws IOException {
        SessionFile file = new SessionFile(dir.resolve("cfg"));
        file.save(alice);
        assertThat(file.load()).contains(alice);
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws IOException {
        SessionFile file = new SessionFile(dir.resolve("cfg"));
        file.save(alice);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cfg"))))
                .isEqualTo("rwx------");
    }

    @Test
    void savingAgainReplacesTheSessionAndLeavesNoTempFile() throws IOException {
        SessionFile file = new SessionFile(dir);
        file.save(alice);
        SavedSession bob = new SavedSession("h:1", "bob", "t2", Instant.parse("2030-01-01T00:00:00Z"));
        file.save(bob);
        assertThat(file.load()).contains(bob);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(SessionFile.FILE_NAME, SessionFile.LAST_SERVER_FILE_NAME);
        }
    }

    @Test
    void noFileMeansNoSession() throws IOException {
        assertThat(new SessionFile(dir.resolve("absent")).load()).isEmpty();
    }

    @Test
    void deleteRemovesIt() throws IOException {
        SessionFile file = new SessionFile(dir);
        file.save(alice);
        assertThat(file.delete()).isTrue();
        assertThat(file.load()).isEmpty();
        assertThat(file.delete()).isFalse();
        assertThat(file.lastServer()).as("the next login's default").contains(alice.server());
    }

    @Test
    void noLoginYetMeansNoLastServer() {
        assertThat(new SessionFile(dir.resolve("absent")).lastServer()).isEmpty();
    }

    @Test
    void damagedFileIsAnErrorThatSaysWhatToDo() throws IOException {
        SessionFile file = new SessionFile(dir);
        Files.writeString(file.path(), "{\"server\": 1}");
        assertThatThrownBy(file::load).hasMessageContaining(file.path().toString()).hasMessageContaining("login");
    }

    @Test
    void passwordOrTokenNeverInToString() {
        assertThat(alice.toString()).doesNotContain("tok-abc_123");
    }

    @Test
    void folderFollowsNetdiskHomeThenXdgThenHome() {
        assertThat(SessionFile.folderFor(Map.of("NETDISK_HOME", "/a", "XDG_CONFIG_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/a"));
        assertThat(SessionFile.folderFor(Map.of("XDG_CONFIG_HOME", "/x"), "/home/u")).isEqualTo(Path.of("/x/netdisk"));
        // The XDG spec says a relative value is invalid and must be ignored.
        assertThat(SessionFile.folderFor(Map.of("XDG_CONFIG_HOME", "rel"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.config/netdisk"));
        assertThat(SessionFile.folderFor(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.config/netdisk"));
    }

    @Test
    void expiryIsJudgedAgainstTheGivenTime() {
        assertThat(alice.expired(Instant.parse("2026-11-23T23:59:59Z"))).isFalse();
        assertThat(alice.expired(Instant.parse("2026-11-24T00:00:00Z"))).isTrue();
    }
}
