package netdisk.tools.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server the lab keeps running in a namespace, its output in a log file, stopped by PID. */
final class LabProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private LabProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code namespace} (ip netns exec execs it: the PID is the program's). */
    static LabProcess start(String name, String namespace, List<String> command, Path log, Map<String, String> env)
            throws LabException {
        ProcessBuilder pb = new ProcessBuilder(Shell.in(namespace, command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close(); // no input: a server that reads stdin sees its end
            return new LabProcess(name, p, log);
        } catch (IOException e) {
            throw new LabException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The log from byte {@code offset} on. */
    String logFrom(long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset,
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Fails with the log's last line when the process has ended. */
    void checkAlive() throws LabException {
        if (!process.isAlive()) {
            String text = logFrom(0).strip();
            String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
            throw new LabException(name + " exited (" + process.exitValue() + ")" + (last.isEmpty() ? "" : ": " + last));
        }
    }

    /** Waits until {@code port} is bound in {@code namespace} (UDP) or listening (TCP). */
    void awaitPort(String namespace, boolean udp, int port) throws LabException {
        long deadline = System.currentTimeMillis() + 30_000;
        String files = udp ? "/proc/net/udp /proc/net/udp6" : "/proc/net/tcp /proc/net/tcp6";
        while (true) {
            checkAlive();
            String table = Shell.run(Shell.in(namespace, "sh", "-c", "cat " + files + " 2>/dev/null; true"));
            if (bound(table, udp, port)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new LabException(name + " did not open its " + (udp ? "UDP" : "TCP") + " port " + port + " in 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting for " + name, e);
            }
        }
    }

    /** Whether /proc/net/{udp,tcp}[6] lists a socket on {@code port} (TCP: in LISTEN, state 0A). */
    static boolean bound(String table, boolean udp, int port) {
        String hex = String.format(":%04X", port);
        for (String line : table.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(hex) && (udp || f[3].equals("0A"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
