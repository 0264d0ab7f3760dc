/**
 * The {@code netdisk} command line (Picocli): one class per command, a shared exit-code mapping,
 * and small formatters for sizes, rates and addresses.
 *
 * <p>Commands follow the CLI contract of docs/design.md §1: {@code server}, {@code register},
 * {@code login}, {@code logout}, {@code ls}, {@code put}, {@code get}, {@code rm}, {@code tftp},
 * {@code bench}, plus {@code completion}. Those that need a login go through
 * {@link netdisk.tools.cli.SessionContext} (saved session → server → connected client) so that
 * "not logged in" and "session expired" read the same everywhere.
 *
 * <p>Errors: a command throws; {@link netdisk.tools.cli.ExitCodes} prints one line (cause, and
 * the fix where there is one) and picks the exit code. {@link netdisk.tools.cli.Failures} words
 * control-channel failures with the server and user in them; {@link netdisk.tools.cli.CliFailure}
 * carries a message already written for a person. Stack traces only with {@code --verbose}.
 *
 * <p>Everything a command takes from the world besides its arguments and streams comes through
 * {@link netdisk.tools.cli.CliEnvironment} (environment variables, stdin, the
 * {@link netdisk.tools.cli.Terminal}, Ctrl-C as {@link netdisk.tools.cli.Interrupts}, datagram
 * ports): tests run the real commands in-process with scripted answers and a deterministic Ctrl-C.
 */
package netdisk.tools.cli;
