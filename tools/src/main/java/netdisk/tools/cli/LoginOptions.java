package netdisk.tools.cli;

import picocli.CommandLine.Option;

/** {@code --server HOST[:PORT]} and {@code --password-stdin}, shared by register and login. */
final class LoginOptions {

    @Option(names = "--server", paramLabel = "HOST[:PORT]",
            description = "The netdisk server (default: the one of your last login, else 127.0.0.1:6969; "
                    + "port 6969 when omitted). A name DNS does not know is looked up on the LAN by discovery "
                    + "(see `netdisk discover`); login then remembers the address it found.")
    String server;

    @Option(names = "--password-stdin",
            description = "Read the password from the first line of standard input instead of asking. "
                    + "(There is no option that takes the password itself: it would show in `ps` and shell history.)")
    boolean passwordStdin;
}
