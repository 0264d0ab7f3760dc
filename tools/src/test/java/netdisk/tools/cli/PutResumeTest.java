package netdisk.tools.cli;

import static netdisk.testkit.Digests.sha256;
import static netdisk.tools.cli.CliHarness.expectOk;
import static netdisk.tools.cli.NetdiskCommandsTest.randomFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import netdisk.tools.cli.CliHarness.Result;
import netdisk.udp.io.DatagramPortFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code put} after a broken upload: Ctrl-C (fired after a number of ACKs, deterministically)
 * leaves what arrived with the server, then {@code --continue}, {@code --restart}, the terminal's
 * answer or, without a terminal, starting over decides what happens to it.
 */
class PutResumeTest {

    private static final int SIZE = 3_000_000;

    @TempDir
    Path dir;

    CliHarness cli;
    byte[] content;
    Path local;
    Path stored;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        cli.registerAndLogin("alice");
        local = dir.resolve("movie.bin");
        content = randomFile(local, SIZE);
        stored = dir.resolve("data").resolve("users").resolve("alice").resolve("movie.bin");
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    /**
     * Ctrl-C after 1000 ACKs of lockstep 1428-byte blocks, about 1.4 MB of 3 MB; returns once the
     * server holds them (it learns of the end from its own timeout).
     */
    private Result interruptedPut() throws Exception {
        cli.ports = CliHarness.interruptingAfter(1_000, cli.interrupts);
        Result r;
        try {
            r = cli.run("put", local.toString(), "--windowsize", "1");
        } finally {
            cli.ports = DatagramPortFactory.udp();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (heldBytes() == 0) {
            assertThat(System.nanoTime() - deadline).as("the server holds the broken upload in time").isNegative();
            Thread.sleep(5);
        }
        return r;
    }

    private long heldBytes() throws Exception {
        try (SessionContext session = SessionContext.open(cli.env(""))) {
            return session.client().heldUpload(session.token(), "movie.bin", SIZE).bytes();
        }
    }

    @Test
    void ctrlCSaysTheServerKeepsWhatArrivedAndHowToContinue() throws Exception {
        Result r = interruptedPut();

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(r.err()).contains("the upload of movie.bin was cancelled; the file on the server is as it was; "
                + "the server keeps what arrived: run `netdisk put " + local + " --continue` to resume");
        assertThat(stored).doesNotExist();
        assertThat(heldBytes()).isBetween(1L, SIZE - 1L);
    }

    @Test
    void continueResumesFromWhatTheServerHolds() throws Exception {
        interruptedPut();
        long held = heldBytes();

        Result r = expectOk(cli.run("put", local.toString(), "--continue"));

        assertThat(r.out()).contains("put " + local + " -> movie.bin: 2.9 MiB in ").contains("; resumed from ");
        assertThat(held).isPositive();
        assertThat(sha256(Files.readAllBytes(stored))).isEqualTo(sha256(content));
        assertThat(heldBytes()).as("a completed upload leaves nothing held").isZero();
    }

    @Test
    void aChangedLocalFileStartsOverAndSaysWhy() throws Exception {
        interruptedPut();
        byte[] changed = content.clone();
        changed[10] ^= 1;
        Files.write(local, changed);

        Result r = expectOk(cli.run("put", local.toString(), "--continue"));

        assertThat(r.err()).contains("is not a prefix of " + local + " (it changed since): started over from zero");
        assertThat(r.out()).doesNotContain("resumed from");
        assertThat(sha256(Files.readAllBytes(stored))).isEqualTo(sha256(changed));
    }

    @Test
    void withoutATerminalAPlainPutStartsOverAndSaysWhatItReplaces() throws Exception {
        interruptedPut();

        Result r = expectOk(cli.run("put", local.toString()));

        assertThat(r.err()).contains("netdisk: the server holds ").contains(" of 2.9 MiB of a broken upload of movie.bin: "
                + "starting over (--continue resumes it)");
        assertThat(r.out()).doesNotContain("resumed from");
        assertThat(sha256(Files.readAllBytes(stored))).isEqualTo(sha256(content));
    }

    @Test
    void onATerminalTheUserIsAskedResumeOrRestart() throws Exception {
        interruptedPut();
        cli.terminal = new CliHarness.ScriptedTerminal(true, "r");

        Result r = expectOk(cli.run("put", local.toString(), "--progress", "never"));

        assertThat(cli.terminal.prompts).singleElement().asString().startsWith("the server holds ")
                .endsWith(" of a broken upload of movie.bin. [r]esume, [s]tart over, or [c]ancel? ");
        assertThat(r.out()).contains("; resumed from ");
        assertThat(sha256(Files.readAllBytes(stored))).isEqualTo(sha256(content));
    }

    @Test
    void cancellingAtThePromptUploadsNothingAndKeepsWhatIsHeld() throws Exception {
        interruptedPut();
        long held = heldBytes();
        cli.terminal = new CliHarness.ScriptedTerminal(true, "c");

        Result r = cli.run("put", local.toString(), "--progress", "never");

        assertThat(r.exit()).isEqualTo(ExitCodes.LOCAL_EXISTS);
        assertThat(r.err()).contains("cancelled: movie.bin was not uploaded; the server keeps what it held");
        assertThat(stored).doesNotExist();
        assertThat(heldBytes()).isEqualTo(held);
    }

    @Test
    void restartUploadsFromZeroWithoutAsking() throws Exception {
        interruptedPut();
        cli.terminal = new CliHarness.ScriptedTerminal(true);

        Result r = expectOk(cli.run("put", local.toString(), "--restart", "--progress", "never"));

        assertThat(cli.terminal.prompts).isEmpty();
        assertThat(r.out()).doesNotContain("resumed from");
        assertThat(sha256(Files.readAllBytes(stored))).isEqualTo(sha256(content));
    }

    @Test
    void continueOverTcpToo() throws Exception {
        interruptedPut();

        Result r = expectOk(cli.run("put", local.toString(), "--continue", "--via", "tcp"));

        assertThat(r.out()).contains("; resumed from ");
        assertThat(sha256(Files.readAllBytes(stored))).isEqualTo(sha256(content));
    }
}
