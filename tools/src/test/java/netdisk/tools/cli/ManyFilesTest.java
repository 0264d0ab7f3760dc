package netdisk.tools.cli;

import static netdisk.testkit.Digests.sha256;
import static netdisk.tools.cli.CliHarness.expectOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import netdisk.services.client.NetdiskClient;
import netdisk.testkit.TestData;
import netdisk.tools.cli.CliHarness.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code put a b c}, {@code get a b c DIR}, {@code get --all}: each file, the total, the exit code. */
class ManyFilesTest {

    @TempDir
    Path dir;

    CliHarness cli;
    Path local;
    Path stored;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        cli.registerAndLogin("alice");
        local = Files.createDirectories(dir.resolve("local"));
        stored = dir.resolve("data").resolve("users").resolve("alice");
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private byte[] file(String name, int size) throws IOException {
        byte[] data = TestData.randomBytes(size, name.hashCode());
        Files.write(local.resolve(name), data);
        return data;
    }

    private String at(String name) {
        return local.resolve(name).toString();
    }

    private Result run(String... args) {
        return cli.run(args);
    }

    @Test
    void putOfSeveralFilesUploadsEachUnderItsOwnNameAndTotals() throws Exception {
        byte[] a = file("a.bin", 70_000);
        byte[] b = file("b.bin", 0);
        byte[] c = file("c.bin", 3_000);

        Result put = expectOk(run("put", at("a.bin"), at("b.bin"), at("c.bin")));

        assertThat(put.out().lines()).hasSize(4);
        assertThat(put.out()).contains("put " + at("a.bin") + " -> a.bin: ")
                .contains("put " + at("b.bin") + " -> b.bin: ").contains("put " + at("c.bin") + " -> c.bin: ");
        assertThat(put.out().lines().toList().get(3)).startsWith("3 files: 3 moved (71.3 KiB in ");
        assertThat(sha256(Files.readAllBytes(stored.resolve("a.bin")))).isEqualTo(sha256(a));
        assertThat(sha256(Files.readAllBytes(stored.resolve("b.bin")))).isEqualTo(sha256(b));
        assertThat(sha256(Files.readAllBytes(stored.resolve("c.bin")))).isEqualTo(sha256(c));
    }

    @Test
    void oneFileMissingFailsAloneAndTheExitCodeSaysSome() throws Exception {
        file("a.bin", 5_000);
        file("c.bin", 5_000);

        Result put = run("put", at("a.bin"), at("missing.bin"), at("c.bin"));

        assertThat(put.exit()).isEqualTo(ExitCodes.SOME_FAILED);
        assertThat(put.err()).contains("netdisk: no such file: " + at("missing.bin"))
                .contains("netdisk: 3 files: 2 moved (").contains("1 failed (missing.bin)");
        assertThat(stored.resolve("a.bin")).exists();
        assertThat(stored.resolve("c.bin")).exists();
    }

    @Test
    void failFastStopsAtTheFirstFailure() throws Exception {
        file("a.bin", 5_000);
        file("c.bin", 5_000);

        Result put = run("put", at("a.bin"), at("missing.bin"), at("c.bin"), "--fail-fast");

        assertThat(put.exit()).isEqualTo(ExitCodes.SOME_FAILED);
        assertThat(put.err()).contains("3 files: 1 moved (").contains("1 failed (missing.bin), 1 not tried");
        assertThat(stored.resolve("a.bin")).exists();
        assertThat(stored.resolve("c.bin")).doesNotExist();
    }

    @Test
    void whenNoneMovedTheExitCodeIsTheFailuresOwn() {
        Result put = run("put", at("x.bin"), at("y.bin"), at("z.bin"));

        assertThat(put.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(put.err()).contains("3 files: 0 moved, 3 failed (x.bin, y.bin, z.bin)");
    }

    @Test
    void twoArgumentsStillMeanLocalAndRemoteWhenTheSecondIsNoLocalFile() throws Exception {
        byte[] a = file("a.bin", 9_000);
        file("b.bin", 100);

        expectOk(run("put", at("a.bin"), "renamed.bin"));
        assertThat(sha256(Files.readAllBytes(stored.resolve("renamed.bin")))).isEqualTo(sha256(a));
        assertThat(stored.resolve("a.bin")).doesNotExist();

        Result both = expectOk(run("put", at("a.bin"), at("b.bin")));
        assertThat(both.out()).contains("2 files: 2 moved");
        assertThat(stored.resolve("a.bin")).exists();
        assertThat(stored.resolve("b.bin")).exists();

        expectOk(run("put", at("b.bin"), "--as", "a.bin"));
        assertThat(Files.size(stored.resolve("a.bin"))).isEqualTo(100);

        // Both local and of one name: as two uploads they would collide; as LOCAL REMOTE they do not.
        Files.createDirectories(local.resolve("other"));
        Files.write(local.resolve("other").resolve("a.bin"), new byte[7]);
        expectOk(run("put", local.resolve("other").resolve("a.bin").toString(), at("a.bin")));
        assertThat(Files.size(stored.resolve("a.bin"))).isEqualTo(7);
    }

    @Test
    void twoFilesOfTheSameNameAreRefusedBeforeAnythingMoves() throws Exception {
        Files.createDirectories(local.resolve("other"));
        file("a.bin", 10);
        Files.write(local.resolve("other").resolve("a.bin"), new byte[20]);

        Result put = run("put", at("a.bin"), local.resolve("other").resolve("a.bin").toString(), at("a.bin"));

        assertThat(put.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(put.err()).contains("would both be uploaded as a.bin: upload one of them with --as NAME");
        assertThat(stored.resolve("a.bin")).doesNotExist();
        assertThat(run("put", at("a.bin"), at("a.bin"), "--as", "x").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void getOfSeveralFilesIntoAFolderAndGetAll() throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (String name : List.of("a.bin", "b.bin", "c.bin")) {
            contents.add(file(name, 40_000 + name.charAt(0)));
        }
        expectOk(run("put", at("a.bin"), at("b.bin"), at("c.bin")));

        Path some = Files.createDirectories(dir.resolve("some"));
        Result get = expectOk(run("get", "a.bin", "c.bin", some.toString()));
        assertThat(get.out()).contains("got a.bin -> " + some.resolve("a.bin")).contains("2 files: 2 moved (");
        assertThat(sha256(Files.readAllBytes(some.resolve("a.bin")))).isEqualTo(sha256(contents.get(0)));
        assertThat(sha256(Files.readAllBytes(some.resolve("c.bin")))).isEqualTo(sha256(contents.get(2)));
        assertThat(some.resolve("b.bin")).doesNotExist();

        Path everything = Files.createDirectories(dir.resolve("all"));
        Result all = expectOk(run("get", "--all", everything.toString()));
        assertThat(all.out()).contains("3 files: 3 moved (");
        for (int i = 0; i < 3; i++) {
            String name = List.of("a.bin", "b.bin", "c.bin").get(i);
            assertThat(sha256(Files.readAllBytes(everything.resolve(name)))).as(name).isEqualTo(sha256(contents.get(i)));
        }

        // Again: every copy is complete already, nothing moves, and that is success.
        Result again = expectOk(run("get", "--all", everything.toString()));
        assertThat(again.out()).contains("is already a complete copy of a.bin").contains("3 files: 3 moved");
    }

    @Test
    void getNamesAMissingRemoteFileAndFetchesTheRest() throws Exception {
        byte[] a = file("a.bin", 2_000);
        expectOk(run("put", at("a.bin")));
        Path into = Files.createDirectories(dir.resolve("into"));

        Result get = run("get", "a.bin", "nope.bin", "also-nope.bin", into.toString());

        assertThat(get.exit()).isEqualTo(ExitCodes.SOME_FAILED);
        assertThat(get.err()).contains("nope.bin").contains("3 files: 1 moved (")
                .contains("2 failed (nope.bin, also-nope.bin)");
        assertThat(sha256(Files.readAllBytes(into.resolve("a.bin")))).isEqualTo(sha256(a));
        assertThat(into.resolve("nope.bin")).doesNotExist();
    }

    @Test
    void aLocalFileInTheWayFailsOnlyThatFileWithoutATerminal() throws Exception {
        byte[] a = file("a.bin", 2_000);
        byte[] b = file("b.bin", 2_000);
        expectOk(run("put", at("a.bin"), at("b.bin")));
        Path into = Files.createDirectories(dir.resolve("into"));
        Files.writeString(into.resolve("a.bin"), "mine, not a copy");

        Result get = run("get", "a.bin", "b.bin", into.toString());

        assertThat(get.exit()).isEqualTo(ExitCodes.SOME_FAILED);
        assertThat(get.err()).contains("exists").contains("add --restart to replace it").contains("1 failed (a.bin)");
        assertThat(Files.readString(into.resolve("a.bin"))).isEqualTo("mine, not a copy");
        assertThat(sha256(Files.readAllBytes(into.resolve("b.bin")))).isEqualTo(sha256(b));

        expectOk(run("get", "a.bin", "b.bin", into.toString(), "--restart"));
        assertThat(sha256(Files.readAllBytes(into.resolve("a.bin")))).isEqualTo(sha256(a));
    }

    @Test
    void twoArgumentsStillMeanRemoteAndLocalWhenTheSecondIsNoRemoteFile() throws Exception {
        byte[] a = file("a.bin", 3_000);
        byte[] b = file("b.bin", 3_000);
        expectOk(run("put", at("a.bin"), at("b.bin")));

        Path copy = dir.resolve("copy.bin");
        expectOk(run("get", "a.bin", copy.toString()));
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(a));

        Path named = dir.resolve("b.bin");
        expectOk(run("get", "a.bin", "-o", named.toString()));
        assertThat(sha256(Files.readAllBytes(named))).as("-o: saved as LOCAL, whatever the server holds")
                .isEqualTo(sha256(a));
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void aFailureThatWouldFailEveryFileIsSaidOnceAndTheRestIsNotTried() throws Exception {
        file("a.bin", 100);
        expectOk(run("put", at("a.bin")));
        String token = Sessions.saved(cli.env(""))
                .orElseThrow().token();
        try (NetdiskClient client = NetdiskClient.connect(cli.server.controlAddress())) {
            client.logout(token);
        }
        Path into = Files.createDirectories(dir.resolve("into"));

        Result get = run("get", "a.bin", "b.bin", "c.bin", into.toString(), "--restart");

        assertThat(get.exit()).isEqualTo(ExitCodes.NOT_LOGGED_IN);
        assertThat(get.err().lines().filter(l -> l.contains("your session has expired"))).hasSize(1);
        assertThat(get.err()).contains("3 files: 0 moved, 1 failed (a.bin), 2 not tried");
    }

    @Test
    void ctrlCStopsTheBatchAndTheTotalSaysWhichFileItHit() throws Exception {
        file("a.bin", 3_000_000);
        file("b.bin", 100);
        cli.ports = CliHarness.interruptingAfter(200, cli.interrupts);

        Result put = run("put", at("a.bin"), at("b.bin"), "--windowsize", "1");

        assertThat(put.exit()).as(put.toString()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(put.err()).contains("2 files: 0 moved, 1 interrupted (a.bin), 1 not tried");
        assertThat(stored.resolve("b.bin")).doesNotExist();
    }

    @Test
    void getAllOfAnEmptyFolderSaysSoAndSucceeds() {
        Result all = expectOk(run("get", "--all", dir.toString()));

        assertThat(all.out()).contains("is empty: nothing to get");
    }

    @Test
    void getUsageErrors() {
        assertThat(run("get").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("get", "--all", "a.bin", "b.bin").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("get", "a.bin", "b.bin", "-o", "x").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
