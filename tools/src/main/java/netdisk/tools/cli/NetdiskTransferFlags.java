package netdisk.tools.cli;

import netdisk.services.client.TransferSettings;
import netdisk.services.client.Via;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How put and get travel and what they show: --via, --blksize, --windowsize, --progress, -q. */
final class NetdiskTransferFlags {

    /** When to draw the progress bar. */
    enum ProgressMode { AUTO, ALWAYS, NEVER }

    @Option(names = "--via", paramLabel = "udp|tcp", defaultValue = "udp",
            description = "The data path: udp (the default: netdisk's flow mode, TFTP-compatible) or tcp (for comparison, or where UDP is blocked).")
    Via via;

    @Option(names = "--blksize", paramLabel = "N",
            description = "UDP block size to ask for, 8..65464 (default: 1428).")
    Integer blksize;

    @Option(names = "--windowsize", paramLabel = "N",
            description = "Use the RFC 7440 engine with this many blocks per ACK, 1..65535 (1 is lockstep), instead of flow mode.")
    Integer windowsize;

    @Option(names = "--rfc",
            description = "Use the RFC 7440 engine (windowsize 16 unless --windowsize) instead of netdisk's flow mode.")
    boolean rfc;

    @Option(names = "--progress", paramLabel = "auto|always|never", defaultValue = "auto",
            description = "Progress bar on stderr: auto (when stderr is a terminal, the default), always, never.")
    ProgressMode progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary; errors only.")
    boolean quiet;

    TransferSettings settings(CommandLine cli) {
        try {
            return new TransferSettings(via, blksize == null ? 0 : blksize, windowsize == null ? 0 : windowsize,
                    !rfc && windowsize == null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    boolean showProgress(Terminal terminal) {
        if (quiet) {
            return false;
        }
        return switch (progress) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal.stderrIsTerminal();
        };
    }
}
