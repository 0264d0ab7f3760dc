package netdisk.tools.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import netdisk.udp.io.DatagramPortFactory;

/**
 * What a command takes from the world besides its arguments and output streams: environment
 * variables (NETDISK_HOME, NETDISK_VERBOSE), standard input (--password-stdin), the terminal,
 * Ctrl-C, and the datagram ports transfers use. One seam, so tests run the real commands
 * in-process with a scripted terminal and an impaired network.
 */
public record CliEnvironment(Map<String, String> env, InputStream stdin, Terminal terminal, Interrupts interrupts,
        DatagramPortFactory ports) {

    public CliEnvironment {
        env = Map.copyOf(env);
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(interrupts, "interrupts");
        Objects.requireNonNull(ports, "ports");
    }

    /** The running process's. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), System.in, Terminal.system(), Interrupts.shutdownHooks(),
                DatagramPortFactory.udp());
    }

    public String get(String name) {
        return env.get(name);
    }

    public CliEnvironment withEnv(Map<String, String> value) {
        return new CliEnvironment(value, stdin, terminal, interrupts, ports);
    }

    public CliEnvironment withStdin(InputStream value) {
        return new CliEnvironment(env, value, terminal, interrupts, ports);
    }

    public CliEnvironment withTerminal(Terminal value) {
        return new CliEnvironment(env, stdin, value, interrupts, ports);
    }

    public CliEnvironment withInterrupts(Interrupts value) {
        return new CliEnvironment(env, stdin, terminal, value, ports);
    }

    public CliEnvironment withPorts(DatagramPortFactory value) {
        return new CliEnvironment(env, stdin, terminal, interrupts, value);
    }
}
