package netdisk.tools.cli;

import picocli.CommandLine.Option;

/** {@code --verbose} on every command: stack traces with the one-line errors. */
final class VerboseOption {

    @Option(names = "--verbose", description = "Print stack traces of errors (or set NETDISK_VERBOSE=1).")
    boolean verbose;
}
