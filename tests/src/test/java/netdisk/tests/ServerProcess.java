package netdisk.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code netdisk server} as a process of its own (the built jar, this JVM's java), on 127.0.0.1
 * and a free port, for tests that kill it or measure it apart from their clients.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final InetSocketAddress address;
    private final String banner;

    private ServerProcess(Process process, InetSocketAddress address, String banner) {
        this.process = process;
        this.address = address;
        this.banner = banner;
    }

    /**
     * Starts the built jar on {@code data} with {@code options} added, in a UTF-8 locale, and
     * waits for its banner.
     *
     * @param jar tools/target/netdisk.jar
     */
    public static ServerProcess start(Path jar, Path data, Path workingFolder, String... options) throws IOException {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return start(List.of(javaCommand, "-jar", jar.toString()), data, workingFolder,
                env -> env.put("LC_ALL", "C.UTF-8"), options);
    }

    /**
     * Starts {@code command} + {@code server ...} (the jar, or the ./netdisk script) with its
     * environment as {@code environment} leaves it, and waits for its banner.
     */
    public static ServerProcess start(List<String> command, Path data, Path workingFolder,
            Consumer<Map<String, String>> environment, String... options) throws IOException {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("server", "--data", data.toString(), "--host", "127.0.0.1", "--port", "0"));
        argv.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workingFolder.toFile()).redirectErrorStream(true);
        builder.environment().put("NETDISK_HOME", workingFolder.resolve("home").toString());
        environment.accept(builder.environment());
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder banner = new StringBuilder();
        Integer port = null;
        for (String line; (line = out.readLine()) != null; ) {
            banner.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            if (line.startsWith("Press Ctrl-C to stop.")) {
                break;
            }
        }
        if (port == null) {
            process.destroyForcibly();
            throw new IOException("netdisk server did not start; it said:\n" + banner);
        }
        Thread.ofPlatform().daemon().start(() -> { // keep draining: a full pipe would block the server
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException gone) {
                // The server ended.
            }
        });
        return new ServerProcess(process, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                banner.toString());
    }

    /** What it printed up to "Press Ctrl-C to stop.". */
    public String banner() {
        return banner;
    }

    /** UDP and TCP (one port number). */
    public InetSocketAddress address() {
        return address;
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not die");
        }
    }

    /** What /proc says of it now: live threads, open file descriptors, peak resident memory. */
    public Usage usage() {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        long threads = -1;
        long peakRssKib = -1;
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    peakRssKib = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Usage(-1, -1, -1);
        }
        long fds;
        try (var list = Files.list(proc.resolve("fd"))) {
            fds = list.count();
        } catch (IOException | RuntimeException e) {
            fds = -1;
        }
        return new Usage(threads, fds, peakRssKib);
    }

    /** @param peakRssKib the process's high-water mark of resident memory (VmHWM) */
    public record Usage(long threads, long fds, long peakRssKib) {
        public Usage max(Usage other) {
            return new Usage(Math.max(threads, other.threads), Math.max(fds, other.fds),
                    Math.max(peakRssKib, other.peakRssKib));
        }
    }

    /** A polite stop (SIGTERM: running transfers may finish), then SIGKILL if it lingers. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
