package netdisk.tools.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import netdisk.udp.io.BackgroundDallies;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netdisk} command: the entry point of ./netdisk. */
@Command(
        name = "netdisk",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {"A LAN file service: TFTP-compatible reliable transfers over UDP, accounts and listings over TCP.",
                "",
                "Start with `netdisk server`, then `netdisk register USER`, `netdisk login USER`, "
                        + "`netdisk put FILE`, `netdisk ls`, `netdisk get FILE`.",
                "Shell completion: `source <(netdisk completion)` (bash; zsh with bashcompinit)."})
public final class NetdiskCli implements Runnable {

    /**
     * The commands, in the order --help lists them. Not in the annotation: picocli would build
     * every one of them (reflection over each option, interpreted, in a JVM just started) for
     * every command run, about 100 ms of each command's start. {@link #commandLine(CliEnvironment,
     * String[])} builds only the one being run when it can tell which.
     */
    static final List<Class<?>> COMMANDS = List.of(ServerCommand.class, RegisterCommand.class, LoginCommand.class,
            LogoutCommand.class, PasswdCommand.class, UnregisterCommand.class, LsCommand.class, PutCommand.class,
            GetCommand.class, RmCommand.class, TftpCommand.class, DiscoverCommand.class, BenchCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class);

    /** Commands that describe the others, and so need them all built. */
    private static final Set<Class<?>> NEED_EVERY_COMMAND = Set.of(CompletionCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try --help)");
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                CliEnvironment.system());
        BackgroundDallies.endAll(); // or the exit waits up to 0.3 s on their receives
        System.exit(code);
    }

    /** Runs the command line with the given streams and the process's environment (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CliEnvironment.system().withInterrupts(Interrupts.none()));
    }

    /** Runs the command line with the given streams and environment; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, CliEnvironment env) {
        CommandLine cli = commandLine(env, args);
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The whole command line, every command built (what --help, help and completion show). */
    static CommandLine commandLine(CliEnvironment env) {
        return commandLine(env, COMMANDS);
    }

    /**
     * The command line for {@code args}: when the first argument names a command, only that
     * command is built, and for {@code --version} alone none; anything else (an option such as --help, a typo picocli suggests a
     * command for, {@code help}, {@code completion}) gets every command. Parsing and what the
     * user sees are the same either way.
     */
    static CommandLine commandLine(CliEnvironment env, String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return commandLine(env, List.of()); // the version is the top command's alone
        }
        Optional<Class<?>> named = args.length == 0 ? Optional.empty() : commandNamed(args[0]);
        return commandLine(env, named.filter(c -> !NEED_EVERY_COMMAND.contains(c)).<List<Class<?>>>map(List::of)
                .orElse(COMMANDS));
    }

    /**
     * The command named {@code name}, read from its annotation alone. (No command has aliases;
     * one added with them is still found by its name, and gets every command by its alias.)
     */
    static Optional<Class<?>> commandNamed(String name) {
        for (Class<?> command : COMMANDS) {
            if (command.getAnnotation(Command.class).name().equals(name)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    private static CommandLine commandLine(CliEnvironment env, List<Class<?>> commands) {
        Factory factory = new Factory(env);
        CommandLine cli = new CommandLine(NetdiskCli.class, factory);
        for (Class<?> command : commands) {
            cli.addSubcommand(new CommandLine(command, factory));
        }
        cli.setExecutionExceptionHandler(new ExitCodes.ExceptionHandler(env));
        cli.setParameterExceptionHandler(new ExitCodes.UsageHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        everyCommand(cli);
        return cli;
    }

    /**
     * What every command has, added here so no command can forget it: --help ending with the
     * exit codes (scripts branch on them), --version, and --verbose.
     */
    private static void everyCommand(CommandLine cli) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().footerHeading("%nExit codes:%n").footer(ExitCodes.HELP);
        if (spec.versionProvider() == null) {
            spec.versionProvider(new Version());
        }
        if (spec.findOption("--verbose") == null && !(spec.userObject() instanceof CommandLine.HelpCommand)) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("--verbose")
                    .description("Print stack traces of errors (or set NETDISK_VERBOSE=1).").build());
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            everyCommand(sub);
        }
    }

    /** Hands the environment to commands that take it in their constructor. */
    static final class Factory implements CommandLine.IFactory {
        private final CliEnvironment env;

        Factory(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> withEnvironment;
            try {
                withEnvironment = type.getDeclaredConstructor(CliEnvironment.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
            withEnvironment.setAccessible(true);
            return withEnvironment.newInstance(env);
        }
    }
}
