package netdisk.tools.training;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import netdisk.services.storage.FolderTrees;
import netdisk.tools.cli.CliEnvironment;
import netdisk.tools.cli.Interrupts;
import netdisk.tools.cli.NetdiskCli;
import netdisk.tools.cli.Terminal;
import netdisk.udp.io.DatagramPortFactory;

/**
 * The training run behind the launcher's ahead-of-time cache (JDK 25+, JEP 483 and 515): on
 * loopback, in one JVM, it does what users do most, the real commands through {@link
 * NetdiskCli} against a real server ({@link AotTrainingServer}, in a JVM of its own), on clean
 * ports and on ports that lose datagrams ({@link LossyPorts}), so the cache holds the classes
 * they load and the profiles of the code that moves their bytes, recovery included. A command started with the cache then compiles that code
 * at once instead of first running it slowly while it learns (docs/benchmarks.md, "The client's
 * warm-up": a 64 MiB flow get on the kernel-link lab at 1 % loss, 50 -> 66 MB/s and a third less
 * client CPU than with the class-data archive).
 *
 * <p>Not a command: {@code ./netdisk} runs it once per built jar and JDK, as
 * {@code java -XX:AOTCacheOutput=FILE -cp netdisk.jar netdisk.tools.training.AotTraining}. It
 * sends to 127.0.0.1 only, works in a temporary folder it removes, prints nothing, and exits
 * 0 when every step did what it should (the launcher keeps no cache otherwise).
 */
public final class AotTraining {

    /** Enough for the transfer loops to be compiled by C2 with a full profile; ~1 s on loopback. */
    private static final int FILE_BYTES = 24 << 20;
    /** The whole training takes 5-7 s on the 2-CPU machine; this is for one that hangs. */
    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);

    private AotTraining() {}

    public static void main(String[] args) {
        giveUpAfter(TIME_LIMIT);
        int failures;
        try {
            failures = train(FILE_BYTES);
        } catch (IOException | RuntimeException e) {
            System.err.println("netdisk: AOT training failed: " + e);
            failures = 1;
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * Ends the training as failed if it is still running after {@code limit}: the launcher waits
     * for it holding the build lock, and a step that hangs must not hang every command after it.
     */
    private static void giveUpAfter(Duration limit) {
        Thread.ofPlatform().daemon().name("aot-training-limit").start(() -> {
            try {
                Thread.sleep(limit);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("netdisk: AOT training still running after " + limit.toSeconds() + " s; giving up");
            System.exit(1); // runs the clean-up hook; the server's stdin closes with this JVM
        });
    }

    /** Runs every step with a file of {@code fileBytes} random bytes; returns how many failed. */
    static int train(int fileBytes) throws IOException {
        Path dir = Files.createTempDirectory("netdisk-aot-training");
        // On Ctrl-C the JVM runs its hooks but no finally block: without this, a broken-off
        // training left its copies (about 250 MiB) in the temporary folder.
        Thread cleanUp = new Thread(() -> deleteTree(dir), "aot-training-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try (TrainingServer server = TrainingServer.start(dir.resolve("data"))) {
            Path file = dir.resolve("file.bin");
            writeRandom(file, fileBytes);
            Files.copy(file, server.publicFolder().resolve("public.bin"));
            String at = "127.0.0.1:" + server.port();
            Session session = new Session(dir.resolve("home"), DatagramPortFactory.udp());
            Session lossy = new Session(dir.resolve("home"), new LossyPorts(61, 67));
            List<Step> steps = List.of(
                    session.step("--help"),
                    session.step("register", "trainee", "--server", at, "--password-stdin"),
                    session.step("login", "trainee", "--server", at, "--password-stdin"),
                    session.step("put", "--as", "flow.bin", file.toString()),
                    session.step("put", "--via", "tcp", "--as", "tcp.bin", file.toString()),
                    session.step("ls"),
                    session.step("get", "-o", dir.resolve("flow.bin").toString(), "flow.bin"),
                    session.step("get", "--via", "tcp", "-o", dir.resolve("tcp.bin").toString(), "tcp.bin"),
                    session.step("tftp", "get", at, "public.bin", dir.resolve("rfc.bin").toString()),
                    session.step("tftp", "get", "--flow", at, "public.bin", dir.resolve("tftp-flow.bin").toString()),
                    lossy.step("put", "--as", "lossy.bin", file.toString()),
                    lossy.step("get", "-o", dir.resolve("lossy.bin").toString(), "lossy.bin"),
                    lossy.step("tftp", "get", at, "public.bin", dir.resolve("lossy-rfc.bin").toString()));
            List<Path> copies = Stream.of("flow.bin", "tcp.bin", "rfc.bin", "tftp-flow.bin", "lossy.bin", "lossy-rfc.bin")
                    .map(dir::resolve).toList();
            return failures(steps, file, copies);
        } finally {
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds nothing left
            }
        }
    }

    /**
     * Runs {@code steps}; returns how many of them exited other than 0 plus how many {@code
     * copies} are missing or differ from {@code original}: a cache is kept only when this is 0,
     * so that it is never trained on an error path.
     */
    static int failures(List<Step> steps, Path original, List<Path> copies) throws IOException {
        int failures = 0;
        for (Step step : steps) {
            if (step.run() != 0) {
                failures++;
            }
        }
        for (Path copy : copies) {
            if (!Files.isRegularFile(copy) || Files.mismatch(original, copy) != -1) {
                failures++;
            }
        }
        return failures;
    }

    /** {@link AotTrainingServer} in a child JVM: this JVM's java, classpath and collector. */
    private record TrainingServer(Process process, int port, Path publicFolder) implements AutoCloseable {

        static TrainingServer start(Path data) throws IOException {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Process process = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), AotTrainingServer.class.getName(), data.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String port = lines.readLine();
                String publicFolder = lines.readLine();
                if (port == null || publicFolder == null) {
                    throw new IOException("the training server did not start (exit " + process.waitFor() + ")");
                }
                return new TrainingServer(process, Integer.parseInt(port.strip()), Path.of(publicFolder));
            } catch (IOException | RuntimeException e) {
                stop(process);
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(process);
                throw new IOException("interrupted while the training server started", e);
            }
        }

        /** Ends its stdin, which stops it; a server that does not stop in time is killed. */
        @Override
        public void close() throws IOException {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    stop(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private static void stop(Process process) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The commands' world: a home of their own, a password on stdin, a progress bar drawn to nowhere. */
    private record Session(Path home, DatagramPortFactory ports) {
        Step step(String... args) {
            return () -> {
                PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                InputStream stdin = new ByteArrayInputStream("training password\n".getBytes(StandardCharsets.UTF_8));
                CliEnvironment env = new CliEnvironment(Map.of("NETDISK_HOME", home.toString()), stdin, PROGRESS_ONLY,
                        Interrupts.none(), ports);
                return NetdiskCli.run(args, nowhere, nowhere, env);
            };
        }
    }

    /** One command of the training; its exit code. */
    @FunctionalInterface
    interface Step {
        int run();
    }

    /** Asks nothing, but has stderr a terminal, so the progress bar's code is trained too. */
    private static final Terminal PROGRESS_ONLY = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public boolean stderrIsTerminal() {
            return true;
        }

        @Override
        public char[] readPassword(String prompt) {
            return null;
        }

        @Override
        public String readLine(String prompt) {
            return null;
        }
    };

    private static void writeRandom(Path file, int bytes) throws IOException {
        Random random = new Random(20261204);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = bytes; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FolderTrees.deleteTree(dir);
        } catch (IOException e) {
            // A temporary folder left behind (or already gone) is the system's to clean.
        }
    }
}
