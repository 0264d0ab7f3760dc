package netdisk.tools.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netdisk} command: the entry point of ./netdisk. */
@Command(
        name = "netdisk",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A LAN file service: TFTP-compatible reliable transfers over UDP.",
        subcommands = {ServerCommand.class, TftpCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {ExitCodes.HELP})
public final class NetdiskCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NetdiskCli());
        cli.setExecutionExceptionHandler(new ExitCodes.ExceptionHandler());
        cli.setParameterExceptionHandler(new ExitCodes.UsageHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
