package netdisk.tools.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import netdisk.services.client.ControlException;
import netdisk.services.client.DigestMismatchException;
import netdisk.services.client.TokenNotAcknowledgedException;
import netdisk.services.client.TransferException;
import netdisk.udp.client.TftpException;
import picocli.CommandLine;

/**
 * Exit codes and the one-line reasons printed with them. Stack traces only with {@code --verbose}
 * (or NETDISK_VERBOSE=1).
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int ACCESS_DENIED = 4;
    public static final int TIMEOUT = 5;
    public static final int PROTOCOL = 6;
    public static final int LOCAL_IO = 7;
    public static final int AUTH_FAILED = 8;
    public static final int NOT_LOGGED_IN = 9;
    public static final int PARTIAL_KEPT = 10;
    public static final int LOCAL_EXISTS = 11;
    public static final int UNREACHABLE = 12;
    /** {@code bench lab}: the lab cannot run on this machine (not root, not Linux, a tool missing). */
    public static final int LAB_UNAVAILABLE = 13;
    /** {@code put}/{@code get} of several files: some moved, others did not (each said why). */
    public static final int SOME_FAILED = 14;
    /** As a shell reports a process ended by SIGINT (128 + 2). */
    public static final int INTERRUPTED = 130;

    /** The {@code --help} footer of every command. */
    public static final String HELP = "  0  success%n"
            + "  1  failure (the message says why)%n"
            + "  2  usage error, or a name the server refuses%n"
            + "  3  file not found (local or remote)%n"
            + "  4  access denied%n"
            + "  5  timed out: the peer stopped answering%n"
            + "  6  protocol error, refused options, or a download that failed verification%n"
            + "  7  local file or network error%n"
            + "  8  authentication failed (wrong name or password, or too many attempts)%n"
            + "  9  not logged in, or the session expired: run `netdisk login`%n"
            + " 10  transfer broken off; what arrived is kept: the same get or put with --continue resumes%n"
            + " 11  a partial copy exists (the local file, or a broken upload the server holds): choose --continue or --restart%n"
            + " 12  server not reachable%n"
            + " 13  bench lab: the lab cannot run here (needs Linux, root, ip, nft, ethtool)%n"
            + " 14  several files: some moved, others failed (each failure was said; none moved: its code)%n"
            + "130  interrupted (Ctrl-C)";

    private ExitCodes() {}

    /** Exit code for an exception thrown by a command. */
    public static int of(Throwable e) {
        e = translated(e);
        if (e instanceof CliFailure f) {
            return f.exitCode();
        }
        if (e instanceof netdisk.tools.lab.LabUnavailableException) {
            return LAB_UNAVAILABLE;
        }
        if (e instanceof ControlException c) {
            return Failures.exitCodeOf(c);
        }
        if (e instanceof DigestMismatchException || e instanceof TokenNotAcknowledgedException) {
            return PROTOCOL;
        }
        if (e instanceof TransferException t) {
            return switch (t.reason()) {
                case NOT_FOUND -> NOT_FOUND;
                case ACCESS_DENIED -> ACCESS_DENIED;
                case TIMEOUT -> TIMEOUT;
                case OPTIONS_REFUSED, PROTOCOL -> PROTOCOL;
                case LOCAL_IO -> LOCAL_IO;
                case CANCELLED, REFUSED -> FAILURE;
            };
        }
        if (e instanceof NoSuchFileException) {
            return NOT_FOUND;
        }
        if (e instanceof AccessDeniedException) {
            return ACCESS_DENIED;
        }
        if (e instanceof IOException) {
            return LOCAL_IO;
        }
        return FAILURE;
    }

    /** A one-line reason for a person. */
    public static String describe(Throwable e) {
        e = translated(e);
        if (e instanceof CliFailure) {
            return e.getMessage();
        }
        if (e instanceof TransferException t) {
            return t.describe();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile() + (n.getReason() != null ? " (" + n.getReason() + ")" : "");
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof UnknownHostException u) {
            return "unknown host: " + u.getMessage();
        }
        if (e instanceof BindException b) {
            return "cannot bind: " + b.getMessage() + " (is another server running on that port?)";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A TFTP failure from the plain tftp command or the bench, in the terms the services use. */
    private static Throwable translated(Throwable e) {
        return e instanceof TftpException t ? TransferException.of(t) : e;
    }

    static boolean verbose(CliEnvironment env, CommandLine.ParseResult parsed) {
        if ("1".equals(env.get("NETDISK_VERBOSE")) || Boolean.getBoolean("netdisk.verbose")) {
            return true;
        }
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Turns exceptions from commands into one line on stderr and an exit code. */
    static final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {
        private final CliEnvironment env;

        ExceptionHandler(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
            cli.getErr().println("netdisk: " + describe(e));
            if (verbose(env, parsed)) {
                e.printStackTrace(cli.getErr());
            }
            cli.getErr().flush();
            return of(e);
        }
    }

    /** Usage errors: the reason and a pointer to help, exit 2. */
    static final class UsageHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            CommandLine cli = e.getCommandLine();
            cli.getErr().println("netdisk: " + e.getMessage());
            cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        }
    }
}
