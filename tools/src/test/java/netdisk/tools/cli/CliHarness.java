package netdisk.tools.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.server.NetdiskServer;
import netdisk.services.server.NetdiskServerConfig;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.io.ForwardingDatagramPort;

/**
 * The real {@code netdisk} commands in-process against a real {@link NetdiskServer} on an
 * ephemeral loopback port, with NETDISK_HOME in a temporary folder and a scripted terminal.
 */
final class CliHarness implements AutoCloseable {

    final NetdiskServer server;
    final Path home;
    final String address;
    ScriptedTerminal terminal = new ScriptedTerminal(false);
    FiringInterrupts interrupts = new FiringInterrupts();
    DatagramPortFactory ports = DatagramPortFactory.udp();

    CliHarness(Path dir) throws IOException {
        server = NetdiskServer.start(NetdiskServerConfig.defaults(dir.resolve("data"))
                .withAddress(InetAddress.getLoopbackAddress(), 0)
                .withAccounts(AccountSettings.defaults().withIterations(1_000)));
        home = dir.resolve("home");
        address = "127.0.0.1:" + server.controlAddress().getPort();
    }

    /** The outcome of one command. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = NetdiskCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env(stdin));
        return new Result(exit, out.toString(), err.toString());
    }

    /** What a command run by this harness sees: its NETDISK_HOME, terminal, interrupts and ports. */
    CliEnvironment env(String stdin) {
        return new CliEnvironment(Map.of("NETDISK_HOME", home.toString()),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal, interrupts, ports);
    }

    /** Registers and logs in {@code user} with a password piped on stdin. */
    void registerAndLogin(String user) {
        expectOk(runWithStdin("correct horse\n", "register", user, "--server", address, "--password-stdin"));
        expectOk(runWithStdin("correct horse\n", "login", user, "--server", address, "--password-stdin"));
    }

    static Result expectOk(Result r) {
        if (r.exit() != 0) {
            throw new AssertionError("expected success, got " + r);
        }
        return r;
    }

    @Override
    public void close() {
        server.close();
    }

    /** A terminal whose answers are scripted; it remembers every question asked. */
    static final class ScriptedTerminal implements Terminal {
        final boolean interactive;
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(boolean interactive, String... answers) {
            this.interactive = interactive;
            this.answers.addAll(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public boolean stderrIsTerminal() {
            return interactive;
        }

        @Override
        public char[] readPassword(String prompt) {
            prompts.add(prompt);
            String answer = answers.poll();
            return answer == null ? null : answer.toCharArray();
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return answers.poll();
        }
    }

    /** Ctrl-C on demand: {@link #fire()} runs what the command installed. */
    static final class FiringInterrupts implements Interrupts {
        private final AtomicReference<Runnable> installed = new AtomicReference<>();
        private volatile boolean fired;
        volatile Integer exitCode;

        @Override
        public Interruption install(Runnable onInterrupt) {
            fired = false;
            installed.set(onInterrupt);
            return new Interruption() {
                @Override
                public boolean happened() {
                    return fired;
                }

                @Override
                public void exitCode(int code) {
                    exitCode = code;
                }

                @Override
                public void close() {
                    installed.set(null);
                }
            };
        }

        void fire() {
            Runnable r = installed.get();
            if (r != null) {
                fired = true;
                r.run();
            }
        }
    }

    /** Real UDP ports that press Ctrl-C after {@code after} datagrams have arrived on them. */
    static DatagramPortFactory interruptingAfter(int after, FiringInterrupts interrupts) {
        AtomicInteger received = new AtomicInteger();
        DatagramPortFactory real = DatagramPortFactory.udp();
        return local -> {
            return new ForwardingDatagramPort(real.open(local)) {
                @Override
                public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
                    InetSocketAddress from = delegate.receive(into, timeoutNanos);
                    if (from != null && received.incrementAndGet() == after) {
                        interrupts.fire();
                    }
                    return from;
                }
            };
        };
    }
}
