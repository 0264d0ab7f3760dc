package netdisk.tests.peers;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tftp-hpa client: one bounded get or put in binary (octet) mode against a loopback server,
 * or a get in netascii mode.
 *
 * <p>It sends plain RFC 1350 requests (no options) and transfers lockstep. It exits 0 even when
 * the server answers with an ERROR packet and is silent on success, so {@link PeerRun#succeeded()}
 * also requires that it printed nothing. A failed get leaves an empty local file behind.
 * Skips the calling test when tftp-hpa is not installed.
 */
public final class TftpHpaClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private TftpHpaClient() {
    }

    /** Fetches {@code remoteName} into {@code localFile}. */
    public static PeerRun get(InetSocketAddress server, String remoteName, Path localFile) {
        return get(server, remoteName, localFile, DEFAULT_TIMEOUT);
    }

    public static PeerRun get(InetSocketAddress server, String remoteName, Path localFile, Duration timeout) {
        return run(server, List.of("get", remoteName, localFile.toAbsolutePath().toString()), timeout);
    }

    /**
     * Fetches {@code remoteName} in netascii mode ({@code -m netascii}): the server sends CR LF
     * line ends and CR NUL for a bare CR (RFC 1350 §1), and tftp-hpa turns them back into the
     * local LF and CR.
     */
    public static PeerRun getNetascii(InetSocketAddress server, String remoteName, Path localFile) {
        return run(server, "netascii", List.of("get", remoteName, localFile.toAbsolutePath().toString()),
                DEFAULT_TIMEOUT);
    }

    /** Uploads {@code localFile} as {@code remoteName}. */
    public static PeerRun put(InetSocketAddress server, Path localFile, String remoteName) {
        return put(server, localFile, remoteName, DEFAULT_TIMEOUT);
    }

    public static PeerRun put(InetSocketAddress server, Path localFile, String remoteName, Duration timeout) {
        return run(server, List.of("put", localFile.toAbsolutePath().toString(), remoteName), timeout);
    }

    private static PeerRun run(InetSocketAddress server, List<String> transfer, Duration timeout) {
        return run(server, "binary", transfer, timeout);
    }

    private static PeerRun run(InetSocketAddress server, String mode, List<String> transfer, Duration timeout) {
        Loopback.requireLoopback(server);
        Path tftp = StockPeers.require(StockPeers.Peer.TFTP_HPA);
        List<String> command = new ArrayList<>();
        command.add(tftp.toString());
        command.add("-l");                 // literal names: a ':' in a file name is not host:file
        command.add("-m");
        command.add(mode);
        command.add(server.getAddress().getHostAddress());
        command.add(Integer.toString(server.getPort()));
        command.add("-c");                 // must come last: the rest is one tftp command
        command.addAll(transfer);
        return PeerProcess.run(command, null, timeout, true);
    }
}
