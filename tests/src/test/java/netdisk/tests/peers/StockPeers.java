package netdisk.tests.peers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the stock TFTP peers installed on this machine, and skips a test visibly when one is
 * missing.
 *
 * <p>A skip is a JUnit assumption (the test shows as skipped, not failed) and the same line on
 * stderr: surefire's summary only counts skips, and whoever reads the build log should see why
 * interop was not tested and what to install.
 *
 * <p>The system property {@value #HIDE_PROPERTY} (a comma-separated list of executables, e.g.
 * {@code -Dnetdisk.peers.hide=curl,in.tftpd}) makes peers look missing, to see the skip path.
 */
public final class StockPeers {

    /** A stock peer: the executable to look for and the Debian package that provides it. */
    public enum Peer {
        CURL("curl", "curl", "curl"),
        /** The tftp-hpa client; other clients named {@code tftp} take different arguments. */
        TFTP_HPA("tftp", "tftp-hpa", "tftp (tftp-hpa)"),
        TFTPD_HPA("in.tftpd", "tftpd-hpa", "in.tftpd (tftpd-hpa)");

        private final String executable;
        private final String debianPackage;
        private final String displayName;

        Peer(String executable, String debianPackage, String displayName) {
            this.executable = executable;
            this.debianPackage = debianPackage;
            this.displayName = displayName;
        }

        public String executable() {
            return executable;
        }

        public String debianPackage() {
            return debianPackage;
        }

        /** The line printed when this peer is missing. */
        public String missingMessage() {
            return displayName + " not installed — skipping interop (install: apt-get install " + debianPackage + ")";
        }
    }

    /** in.tftpd is a system daemon: root's sbin folders are often not on a user's PATH. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin");

    /** Executables to treat as not installed. */
    public static final String HIDE_PROPERTY = "netdisk.peers.hide";

    private static final Map<Peer, Optional<Path>> FOUND = new ConcurrentHashMap<>();

    private StockPeers() {
    }

    /** The peer's executable, if it is installed (and, for the hpa tools, really is tftp-hpa). */
    public static Optional<Path> locate(Peer peer) {
        return FOUND.computeIfAbsent(peer, StockPeers::search);
    }

    /** True when the peer is installed; never skips. */
    public static boolean isInstalled(Peer peer) {
        return locate(peer).isPresent();
    }

    /**
     * The peer's executable; when it is missing, prints {@link Peer#missingMessage()} to stderr
     * and aborts the calling test as skipped.
     */
    public static Path require(Peer peer) {
        Optional<Path> found = locate(peer);
        skipUnless(found.isPresent(), peer.missingMessage());
        return found.orElseThrow();
    }

    /**
     * tftpd-hpa chroots into its folder and switches user at startup, which only root may do; as
     * any other user it starts but never answers. Requires both the executable and root.
     */
    public static Path requireTftpdHpa() {
        Path tftpd = require(Peer.TFTPD_HPA);
        skipUnless(runningAsRoot(),
                "in.tftpd (tftpd-hpa) needs root here (it chroots and switches user) — skipping interop (run the tests as root, as CI does)");
        return tftpd;
    }

    /** True when this JVM runs with effective user id 0. */
    public static boolean runningAsRoot() {
        try {
            // /proc/self belongs to the process's effective uid.
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Skips the calling test with {@code message}, printed to stderr too, unless {@code condition}. */
    public static void skipUnless(boolean condition, String message) {
        if (!condition) {
            System.err.println(message);
            System.err.flush();
        }
        Assumptions.assumeTrue(condition, message);
    }

    private static Optional<Path> search(Peer peer) {
        if (List.of(System.getProperty(HIDE_PROPERTY, "").split(",")).contains(peer.executable())) {
            return Optional.empty();
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, peer.executable());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && isTheRightTool(peer, candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** Both hpa tools print "tftp-hpa VERSION, ..." for -V; netkit's or busybox's tftp do not. */
    private static boolean isTheRightTool(Peer peer, Path executable) {
        if (peer == Peer.CURL) {
            return true;
        }
        PeerRun version = PeerProcess.run(List.of(executable.toString(), "-V"), null, Duration.ofSeconds(5), false);
        return version.output().contains("tftp-hpa");
    }
}
