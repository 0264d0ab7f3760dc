package netdisk.tools.cli;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import netdisk.services.client.ControlException;

/**
 * Turns a control-channel failure into one line a person can act on: what went wrong and the
 * command that fixes it, with the server and user it concerns.
 */
final class Failures {

    private Failures() {}

    /** Exit code of a control failure (the codes are stable, spec/control.md). */
    static int exitCodeOf(ControlException e) {
        return switch (e.code()) {
            case ControlException.CONNECT_FAILED -> ExitCodes.UNREACHABLE;
            case ControlException.CONNECTION_LOST -> ExitCodes.LOCAL_IO;
            case ControlException.PROTOCOL_ERROR -> ExitCodes.PROTOCOL;
            case "TIMEOUT" -> ExitCodes.TIMEOUT;
            case "AUTH_FAILED", "THROTTLED" -> ExitCodes.AUTH_FAILED;
            case "TOKEN_INVALID" -> ExitCodes.NOT_LOGGED_IN;
            case "NOT_FOUND" -> ExitCodes.NOT_FOUND;
            case "NAME_INVALID", "PASSWORD_INVALID", "FILE_NAME_INVALID" -> ExitCodes.USAGE;
            case "UNSUPPORTED_VERSION" -> ExitCodes.PROTOCOL;
            default -> ExitCodes.FAILURE;
        };
    }

    /**
     * @param server where the command talked to
     * @param user the account concerned, or {@code null}
     */
    static CliFailure explain(ControlException e, HostPort server, String user) {
        String who = user == null ? "USER" : user;
        String message = switch (e.code()) {
            case ControlException.CONNECT_FAILED -> "server not reachable at " + server + " (" + why(e)
                    + ") — is `netdisk server` running there?";
            case ControlException.CONNECTION_LOST -> "lost the connection to " + server + ": " + e.getMessage();
            case ControlException.PROTOCOL_ERROR -> server + " does not answer like a netdisk server: " + e.getMessage();
            case "TIMEOUT" -> "the server at " + server + " stopped answering: " + e.getMessage();
            case "AUTH_FAILED" -> "wrong user name or password for " + who + " on " + server
                    + " (new here? `netdisk register " + who + " --server " + server + "`)";
            case "THROTTLED" -> "too many failed logins for " + who + ": try again in "
                    + e.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000) + " s").orElse("a while");
            case "TOKEN_INVALID" -> "your session has expired or was revoked: run `netdisk login " + who
                    + " --server " + server + "` again";
            case "NOT_FOUND" -> e.getMessage() + " on " + server + " (`netdisk ls` lists your files)";
            case "NAME_TAKEN" -> "the user name " + who + " is taken on " + server
                    + ": choose another (or `netdisk login " + who + "` if it is yours)";
            case "NAME_INVALID" -> e.getMessage(); // the server's message states the rule
            case "BUSY" -> "the server at " + server + " is busy: try again in a moment";
            case "UNSUPPORTED_VERSION" -> "the server at " + server + " speaks another protocol version: "
                    + e.getMessage() + " (update netdisk)";
            default -> e.getMessage();
        };
        return new CliFailure(exitCodeOf(e), message, e);
    }

    private static String why(ControlException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof SocketTimeoutException) {
            return "no answer";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host";
        }
        return cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    }
}
