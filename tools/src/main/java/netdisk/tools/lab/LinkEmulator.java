package netdisk.tools.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The userspace link emulator ({@code linkem.py}, shipped in this jar) in the middle namespace:
 * delay, jitter, reordering and burst loss, which this kernel cannot do (no netem). One process
 * per link setting; it is started with the setting's impairments and stopped before the next.
 *
 * <p>Its own ceiling, the packets per second it can forward, is measured once ({@link
 * #measureCeiling}) and printed with every result that passed through it: above that rate the
 * emulator, not the transfer, is the bottleneck.
 */
final class LinkEmulator implements AutoCloseable {

    static final String DEVICE = "ndtun";
    private static final String RESOURCE = "/netdisk/tools/lab/linkem.py";
    private static final long START_LIMIT_MS = 10_000;

    private final String namespace;
    private final Path script;
    private final Path workDir;
    private final List<String> clientAddresses;
    private Process process;
    private Path statsFile;
    private int generation;

    private LinkEmulator(String namespace, Path script, Path workDir, List<String> clientAddresses) {
        this.namespace = namespace;
        this.script = script;
        this.workDir = workDir;
        this.clientAddresses = List.copyOf(clientAddresses);
    }

    /** Writes the script into {@code workDir}; nothing runs yet. */
    static LinkEmulator prepare(String namespace, Path workDir, List<String> clientAddresses) throws LabException {
        Path script = workDir.resolve("linkem.py");
        try (InputStream in = LinkEmulator.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LabException("the link emulator " + RESOURCE + " is missing from this build");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LabException("cannot write the link emulator to " + script + ": " + e.getMessage(), e);
        }
        return new LinkEmulator(namespace, script, workDir, clientAddresses);
    }

    /** (Re)starts the emulator with the impairments of {@code setting}. */
    void start(LinkSetting setting) throws LabException {
        stop();
        generation++;
        statsFile = workDir.resolve("linkem-" + generation + ".json");
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), "run", "--tun", DEVICE,
                "--stats", statsFile.toString(), "--down", setting.down().emulatorSpec(), "--up",
                setting.up().emulatorSpec()));
        for (String a : clientAddresses) {
            command.add("--client");
            command.add(a);
        }
        try {
            process = new ProcessBuilder(Shell.in(namespace, command))
                    .redirectError(workDir.resolve("linkem.err").toFile()).start();
            // It prints "ready" once the TUN device is attached: only then can packets pass.
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    ready.complete(out.readLine());
                } catch (IOException e) {
                    ready.complete(null);
                }
            });
            String line;
            try {
                line = ready.get(START_LIMIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                line = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                line = null;
            }
            if (!"ready".equals(line)) {
                stop();
                Path errFile = workDir.resolve("linkem.err");
                String err = Files.exists(errFile) ? Shell.firstLine(Files.readString(errFile)) : "";
                throw new LabException("the link emulator did not start" + (err.isEmpty() ? "" : ": " + err));
            }
        } catch (IOException e) {
            throw new LabException("cannot start the link emulator: " + e.getMessage(), e);
        }
    }

    /** Stops the emulator; returns its counters, or null when none ran. */
    JsonNode stop() throws LabException {
        if (process == null) {
            return null;
        }
        Process p = process;
        process = null;
        p.destroy(); // SIGTERM: it writes its counters and exits
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return null;
            }
            if (statsFile != null && Files.exists(statsFile)) {
                return new ObjectMapper().readTree(statsFile.toFile());
            }
            return null;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while stopping the link emulator", e);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Packets per second the emulator forwards at most: a UDP flood of 1428-byte datagrams from
     * the client's namespace for one second, counted by the emulator itself.
     */
    double measureCeiling(String clientNamespace, String serverAddress) throws LabException {
        start(LinkSetting.CLEAN);
        Shell.run(Shell.in(clientNamespace, "python3", script.toString(), "blast", "--to", serverAddress, "--port", "9",
                "--seconds", "1", "--size", "1428"));
        JsonNode stats = stop();
        if (stats == null) {
            throw new LabException("the link emulator reported no counters after the ceiling measurement");
        }
        long forwarded = stats.path("up").path("forwarded").asLong();
        double seconds = stats.path("activeSeconds").asDouble();
        if (forwarded == 0 || seconds <= 0) {
            throw new LabException("the link emulator forwarded nothing while measuring its ceiling");
        }
        return forwarded / seconds;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (LabException ignored) {
            // Closing: the namespace and everything in it goes next.
        }
    }
}
