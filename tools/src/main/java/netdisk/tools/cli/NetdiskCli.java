package netdisk.tools.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
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
                "Shell completion: `source <(netdisk completion)` (bash; zsh with bashcompinit)."},
        subcommands = {ServerCommand.class, RegisterCommand.class, LoginCommand.class, LogoutCommand.class,
                LsCommand.class, PutCommand.class, GetCommand.class, RmCommand.class, TftpCommand.class,
                BenchCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class NetdiskCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                CliEnvironment.system()));
    }

    /** Runs the command line with the given streams and the process's environment (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CliEnvironment.system().withInterrupts(Interrupts.none()));
    }

    /** Runs the command line with the given streams and environment; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, CliEnvironment env) {
        CommandLine cli = commandLine(env);
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(CliEnvironment env) {
        CommandLine cli = new CommandLine(NetdiskCli.class, new Factory(env));
        cli.setExecutionExceptionHandler(new ExitCodes.ExceptionHandler(env));
        cli.setParameterExceptionHandler(new ExitCodes.UsageHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        listExitCodes(cli);
        return cli;
    }

    /** Every command's --help ends with the exit codes: scripts branch on them. */
    private static void listExitCodes(CommandLine cli) {
        cli.getCommandSpec().usageMessage().footerHeading("%nExit codes:%n").footer(ExitCodes.HELP);
        for (CommandLine sub : cli.getSubcommands().values()) {
            listExitCodes(sub);
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
