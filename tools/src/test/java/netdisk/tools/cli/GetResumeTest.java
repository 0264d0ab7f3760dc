package netdisk.tools.cli;

import static netdisk.testkit.Digests.sha256;
import static netdisk.tools.cli.CliHarness.expectOk;
import static netdisk.tools.cli.NetdiskCommandsTest.randomFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netdisk.services.client.DownloadSidecar;
import netdisk.services.client.NetdiskClient;
import netdisk.tools.cli.CliHarness.Result;
import netdisk.udp.io.DatagramPortFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get} when LOCAL, or a partial copy of it, is already there: a download broken off by
 * Ctrl-C (fired deterministically after a number of datagrams) keeps its partial copy, then
 * {@code --continue}, {@code --restart} or the terminal's answer decides what happens to it.
 */
class GetResumeTest {

    private static final int SIZE = 3_000_000;

    @TempDir
    Path dir;

    CliHarness cli;
    byte[] content;
    Path copy;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        cli.registerAndLogin("alice");
        content = randomFile(dir.resolve("movie.bin"), SIZE);
        expectOk(cli.run("put", dir.resolve("movie.bin").toString()));
        copy = dir.resolve("copy.bin");
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    /** Ctrl-C after about 1.4 MB of 3 MB have arrived (1000 DATA of 1428 bytes). */
    private Result interruptedGet(String... extra) {
        cli.ports = CliHarness.interruptingAfter(1_000, cli.interrupts);
        try {
            String[] args = new String[3 + extra.length];
            args[0] = "get";
            args[1] = "movie.bin";
            args[2] = copy.toString();
            System.arraycopy(extra, 0, args, 3, extra.length);
            return cli.run(args);
        } finally {
            cli.ports = DatagramPortFactory.udp();
        }
    }

    @Test
    void ctrlCKeepsThePartialCopyAndSaysHowToContinue() {
        Result r = interruptedGet();
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL_KEPT);
        assertThat(cli.interrupts.exitCode).isEqualTo(ExitCodes.PARTIAL_KEPT);
        assertThat(r.err()).startsWith("netdisk: interrupted; kept ").contains(" of 2.9 MiB of movie.bin: run `netdisk get "
                + "movie.bin " + copy + " --continue` to resume");
        assertThat(copy).doesNotExist();
        assertThat(DownloadSidecar.partFileOf(copy)).exists();
        assertThat(NetdiskClient.partialBytes(copy)).isBetween(1L, SIZE - 1L);
    }

    @Test
    void continueResumesWhereTheBrokenDownloadStopped() throws Exception {
        interruptedGet();
        long held = NetdiskClient.partialBytes(copy);
        Result r = expectOk(cli.run("get", "movie.bin", copy.toString(), "--continue"));
        assertThat(r.out()).contains("; resumed from ");
        assertThat(r.err()).isEmpty();
        assertThat(held).isGreaterThan(0);
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
        assertThat(DownloadSidecar.partFileOf(copy)).doesNotExist();
        assertThat(DownloadSidecar.sidecarFileOf(copy)).doesNotExist();
    }

    @Test
    void continueOverTcpResumesAPartialCopyLeftByUdp() throws Exception {
        interruptedGet();
        Result r = expectOk(cli.run("get", "movie.bin", copy.toString(), "--continue", "--via", "tcp"));
        assertThat(r.out()).contains("(").contains(", tcp)").contains("; resumed from ");
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
    }

    @Test
    void restartDiscardsThePartialCopyAndStartsFromZero() throws Exception {
        interruptedGet();
        Result r = expectOk(cli.run("get", "movie.bin", copy.toString(), "--restart"));
        assertThat(r.out()).doesNotContain("resumed");
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
    }

    @Test
    void withoutATerminalAPartialCopyIsRefusedNamingBothFlags() {
        interruptedGet();
        Result r = cli.run("get", "movie.bin", copy.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.LOCAL_EXISTS);
        assertThat(r.err()).startsWith("netdisk: " + copy + " exists (").contains(" of 2.9 MiB held)")
                .contains("--continue").contains("--restart");
        assertThat(DownloadSidecar.partFileOf(copy)).exists();
    }

    @Test
    void withoutATerminalAnExistingDifferentFileIsRefused() throws IOException {
        Files.writeString(copy, "my own notes");
        Result r = cli.run("get", "movie.bin", copy.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.LOCAL_EXISTS);
        assertThat(r.err()).isEqualTo("netdisk: " + copy + " exists (12 B, not a copy of movie.bin): add --restart "
                + "to replace it (--continue resumes only partial downloads)\n");
        assertThat(copy).hasContent("my own notes");
    }

    @Test
    void anIdenticalLocalFileNeedsNoDownload() throws IOException {
        Files.write(copy, content);
        Result r = expectOk(cli.run("get", "movie.bin", copy.toString()));
        assertThat(r.out()).contains("already a complete copy");
    }

    @Test
    void onATerminalTheAnswerRResumes() throws Exception {
        interruptedGet();
        cli.terminal = new CliHarness.ScriptedTerminal(true, "r");
        Result r = expectOk(cli.run("get", "movie.bin", copy.toString(), "--progress=never"));
        assertThat(cli.terminal.prompts).singleElement().asString()
                .matches(java.util.regex.Pattern.quote(copy.toString())
                        + " exists \\(\\d+(\\.\\d)? (KiB|MiB) of 2\\.9 MiB held\\)\\. \\[r\\]esume, \\[s\\]tart over, or \\[c\\]ancel\\? ");
        assertThat(r.out()).contains("resumed from");
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
    }

    @Test
    void onATerminalTheAnswerSStartsOverAndCCancels() throws Exception {
        interruptedGet();
        cli.terminal = new CliHarness.ScriptedTerminal(true, "c");
        Result cancelled = cli.run("get", "movie.bin", copy.toString());
        assertThat(cancelled.exit()).isEqualTo(ExitCodes.LOCAL_EXISTS);
        assertThat(DownloadSidecar.partFileOf(copy)).exists();

        cli.terminal = new CliHarness.ScriptedTerminal(true, "maybe", "s");
        Result r = expectOk(cli.run("get", "movie.bin", copy.toString(), "--progress=never"));
        assertThat(cli.terminal.prompts).hasSize(2);
        assertThat(r.out()).doesNotContain("resumed");
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
    }

    @Test
    void aRemoteFileChangedSinceTheBreakStartsOverAndSaysSo() throws Exception {
        interruptedGet();
        byte[] newer = randomFile(dir.resolve("movie.bin"), SIZE + 1);
        expectOk(cli.run("put", dir.resolve("movie.bin").toString()));
        Result r = expectOk(cli.run("get", "movie.bin", copy.toString(), "--continue"));
        assertThat(r.err()).contains("older version").contains("started over");
        assertThat(r.out()).doesNotContain("resumed");
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(newer));
    }

    @Test
    void theProgressBarRedrawsInPlaceOnATerminalAndQuietSilencesEverything() throws Exception {
        cli.terminal = new CliHarness.ScriptedTerminal(true);
        Result shown = expectOk(cli.run("get", "movie.bin", copy.toString(), "--progress=always"));
        assertThat(shown.err()).startsWith("\rmovie.bin [").contains("100% 2.9 MiB / 2.9 MiB").endsWith("\r");
        Files.delete(copy);
        Result quiet = expectOk(cli.run("get", "movie.bin", copy.toString(), "-q"));
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err()).isEmpty();
        assertThat(sha256(Files.readAllBytes(copy))).isEqualTo(sha256(content));
    }
}
