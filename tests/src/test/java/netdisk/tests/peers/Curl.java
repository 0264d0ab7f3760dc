package netdisk.tests.peers;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * curl as a TFTP client: one bounded get or put against a loopback server.
 *
 * <p>By default curl asks for tsize, blksize 512 and timeout 6, wraps block numbers to 0 and has
 * no windowsize; pass {@code "--tftp-blksize", "1428"} or {@code "--tftp-no-options"} (a plain
 * RFC 1350 request) as options. Exit code 68 means the server answered "file not found".
 * Skips the calling test when curl is not installed.
 */
public final class Curl {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** curl's exit code when the TFTP server answers ERROR 1 (file not found). */
    public static final int EXIT_TFTP_NOT_FOUND = 68;

    private Curl() {
    }

    /** Fetches {@code remoteName} into {@code localFile}. */
    public static PeerRun get(InetSocketAddress server, String remoteName, Path localFile, String... curlOptions) {
        return get(server, remoteName, localFile, DEFAULT_TIMEOUT, curlOptions);
    }

    public static PeerRun get(InetSocketAddress server, String remoteName, Path localFile, Duration timeout,
                              String... curlOptions) {
        return run(List.of("-o", localFile.toAbsolutePath().toString()), server, remoteName, timeout, curlOptions);
    }

    /** Uploads {@code localFile} as {@code remoteName}. */
    public static PeerRun put(InetSocketAddress server, Path localFile, String remoteName, String... curlOptions) {
        return put(server, localFile, remoteName, DEFAULT_TIMEOUT, curlOptions);
    }

    public static PeerRun put(InetSocketAddress server, Path localFile, String remoteName, Duration timeout,
                              String... curlOptions) {
        return run(List.of("-T", localFile.toAbsolutePath().toString()), server, remoteName, timeout, curlOptions);
    }

    /** The tftp:// URL curl is given; the name is percent-encoded so any file name survives. */
    public static String url(InetSocketAddress server, String remoteName) {
        String encoded = URLEncoder.encode(remoteName, StandardCharsets.UTF_8).replace("+", "%20");
        return "tftp://" + Loopback.hostForUrl(server) + ":" + server.getPort() + "/" + encoded;
    }

    private static PeerRun run(List<String> transferArgs, InetSocketAddress server, String remoteName,
                               Duration timeout, String... curlOptions) {
        Loopback.requireLoopback(server);
        Path curl = StockPeers.require(StockPeers.Peer.CURL);
        List<String> command = new ArrayList<>();
        command.add(curl.toString());
        command.add("--silent");
        command.add("--show-error");
        command.addAll(List.of(curlOptions));
        command.addAll(transferArgs);
        command.add(url(server, remoteName));
        return PeerProcess.run(command, null, timeout, false);
    }
}
