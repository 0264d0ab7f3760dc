package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import netdisk.services.accounts.ExcelUserRegistry;
import netdisk.services.accounts.PasswordHasher;
import netdisk.services.accounts.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerUsersCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return NetdiskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path dataWithAlice() throws Exception {
        Path data = dir.resolve("data");
        ExcelUserRegistry.open(data.resolve(ExcelUserRegistry.FILE_NAME)).add(new User("alice",
                new PasswordHasher(10).hash("a password"), "users/alice", Instant.parse("2026-03-04T05:06:00Z"), null));
        Files.writeString(Files.createDirectories(data.resolve("users/alice")).resolve("notes.txt"), "twelve bytes");
        return data;
    }

    @Test
    void listsTheRegistryWithoutAnyHash() throws Exception {
        Path data = dataWithAlice();

        assertThat(run("server", "users", "--data", data.toString())).isEqualTo(ExitCodes.OK);

        assertThat(out.toString()).contains("alice  2026-03-04 05:06  never").contains("1 user")
                .doesNotContain("pbkdf2");
        assertThat(out.toString().lines().filter(l -> l.startsWith("alice")).findFirst().orElseThrow())
                .endsWith("12 B");
    }

    @Test
    void removesAUserAndTheirFiles() throws Exception {
        Path data = dataWithAlice();

        assertThat(run("server", "users", "--data", data.toString(), "--remove", "Alice")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("removed Alice and their files");
        assertThat(data.resolve("users/alice")).doesNotExist();

        assertThat(run("server", "users", "--data", data.toString(), "--remove", "alice"))
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("no user called alice");
        assertThat(run("server", "users", "--data", data.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("no users registered");
    }

    @Test
    void namesWhatIsWrongWithItsArguments() {
        assertThat(run("server", "users", "--data", dir.resolve("none").toString())).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.toString()).contains("no data folder at");
        assertThat(run("server", "users", "--keep-files")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--keep-files goes with --remove NAME");
    }
}
