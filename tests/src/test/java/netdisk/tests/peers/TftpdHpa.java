package netdisk.tests.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private tftpd-hpa serving one folder on a free loopback port, stopped by PID on close.
 *
 * <pre>{@code
 * try (TftpdHpa server = TftpdHpa.serving(root).allowCreate().start()) {
 *     PeerRun run = Curl.get(server.address(), "file.bin", out);
 * }
 * }</pre>
 *
 * <p>It runs {@code in.tftpd -L -s ROOT -a 127.0.0.1:PORT -u root [-c] [-B N] [extra...]}: in
 * the foreground, confined to ROOT, as root (a temporary folder is usually private to root, so
 * the default user {@code nobody} could not read it). It supports blksize, tsize, timeout (and a
 * nonstandard rollover option), but not windowsize, and forks one process per transfer; without
 * {@code -c} uploads may only overwrite existing world-writable files. Starting skips the calling
 * test when tftpd-hpa is missing or we are not root.
 */
public final class TftpdHpa implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final InetSocketAddress address;
    private final Path root;
    private final Path log;
    private boolean closed;

    private TftpdHpa(Process process, InetSocketAddress address, Path root, Path log) {
        this.process = process;
        this.address = address;
        this.root = root;
        this.log = log;
    }

    /** Starts describing a server for {@code root} (an existing folder). */
    public static Builder serving(Path root) {
        return new Builder(root);
    }

    /** The address clients send their requests to (127.0.0.1 and the chosen port). */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** The folder served (absolute). */
    public Path root() {
        return root;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the daemon and any transfer it forked, by PID: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop(process);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // A leftover log in the temp folder is harmless.
            }
        }
    }

    @Override
    public String toString() {
        return "tftpd-hpa pid " + pid() + " on " + address.getAddress().getHostAddress() + ":" + port() + " serving " + root;
    }

    /** Options for one tftpd-hpa; {@link #start()} launches it. */
    public static final class Builder {
        private final Path root;
        private boolean allowCreate;
        private Integer maxBlockSize;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(Path root) {
            this.root = root.toAbsolutePath();
        }

        /** {@code -c}: uploads may create new files. */
        public Builder allowCreate() {
            this.allowCreate = true;
            return this;
        }

        /** {@code -B N}: the largest blksize the server accepts (it lowers bigger requests). */
        public Builder maxBlockSize(int bytes) {
            this.maxBlockSize = bytes;
            return this;
        }

        /** More tftpd-hpa options, e.g. {@code "-r", "tsize"} to refuse an option, {@code "-v"}. */
        public Builder extraArgs(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /**
         * Launches tftpd-hpa on a free port and returns once it answers a request. A port taken
         * between choosing and binding makes the daemon exit; then another port is tried.
         */
        public TftpdHpa start() {
            Path tftpd = StockPeers.requireTftpdHpa();
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("tftpd-hpa root is not a folder: " + root);
            }
            String lastFailure = "";
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                InetSocketAddress address = new InetSocketAddress(LOOPBACK, freeUdpPort());
                List<String> command = command(tftpd, address);
                Path log = null;
                Process process = null;
                try {
                    log = Files.createTempFile("netdisk-tftpd-hpa", ".log");
                    process = new ProcessBuilder(command)
                            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
                    if (answers(address, process)) {
                        return new TftpdHpa(process, address, root, log);
                    }
                    boolean exited = !process.isAlive();
                    stop(process);
                    lastFailure = "`" + String.join(" ", command) + "` "
                            + (exited ? "exited " + process.exitValue() : "did not answer within " + READY_TIMEOUT.toSeconds() + " s")
                            + "; output: " + Files.readString(log).strip();
                    Files.deleteIfExists(log);
                    if (!exited) {
                        break;  // it runs but does not answer: another port will not help
                    }
                } catch (IOException e) {
                    if (process != null) {
                        stop(process);
                    }
                    deleteQuietly(log);
                    throw new UncheckedIOException("could not start " + String.join(" ", command), e);
                }
            }
            throw new IllegalStateException("tftpd-hpa did not start: " + lastFailure);
        }

        private List<String> command(Path tftpd, InetSocketAddress address) {
            List<String> command = new ArrayList<>(List.of(
                    tftpd.toString(), "-L", "-s", root.toString(),
                    "-a", address.getAddress().getHostAddress() + ":" + address.getPort(),
                    "-u", "root"));
            if (allowCreate) {
                command.add("-c");
            }
            if (maxBlockSize != null) {
                command.add("-B");
                command.add(Integer.toString(maxBlockSize));
            }
            command.addAll(extraArgs);
            return command;
        }
    }

    /** Lets the kernel pick a free port, then releases it for tftpd-hpa (a race the retry covers). */
    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }

    /**
     * Sends an RRQ for a file that does not exist until any reply comes back (tftpd-hpa answers
     * ERROR 1 from a forked child), or the daemon exits, or {@link #READY_TIMEOUT} passes.
     */
    private static boolean answers(InetSocketAddress address, Process process) throws IOException {
        byte[] request = readRequest("netdisk-harness-probe-" + System.nanoTime());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout((int) PROBE_INTERVAL.toMillis());
            byte[] reply = new byte[1024];
            while (System.nanoTime() < deadline && process.isAlive()) {
                socket.send(new DatagramPacket(request, request.length, address));
                try {
                    socket.receive(new DatagramPacket(reply, reply.length));
                    return true;
                } catch (SocketTimeoutException notYet) {
                    // Not bound yet, so the request was lost: ask again.
                }
            }
        }
        return false;
    }

    /** RFC 1350 §5: opcode 1, filename, 0, mode, 0. */
    private static byte[] readRequest(String fileName) {
        byte[] name = fileName.getBytes(StandardCharsets.US_ASCII);
        byte[] mode = "octet".getBytes(StandardCharsets.US_ASCII);
        byte[] packet = new byte[2 + name.length + 1 + mode.length + 1];
        packet[1] = 1;
        System.arraycopy(name, 0, packet, 2, name.length);
        System.arraycopy(mode, 0, packet, 2 + name.length + 1, mode.length);
        return packet;
    }

    private static void stop(Process process) {
        // Children are re-parented once the daemon dies, so take the list of transfers first.
        List<ProcessHandle> transfers = process.descendants().toList();
        transfers.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            transfers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover log in the temp folder is harmless.
        }
    }
}
