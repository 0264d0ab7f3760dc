package netdisk.tools.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the lab can run here, checked before anything is created: a reason in one line for the
 * first thing missing, and what would help.
 */
public final class Preflight {

    private Preflight() {}

    /**
     * @param emulator whether the run needs the userspace link emulator (delay, jitter, reordering,
     *     burst loss): then python3 and /dev/net/tun too
     * @param rate whether the run needs tc (a rate limit)
     */
    public static void check(boolean emulator, boolean rate) throws LabUnavailableException {
        check(emulator, rate, System.getProperty("os.name", ""), isRoot());
    }

    static void check(boolean emulator, boolean rate, String osName, boolean root) throws LabUnavailableException {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            throw new LabUnavailableException("the lab needs Linux network namespaces; this is " + osName);
        }
        if (!root) {
            throw new LabUnavailableException("the lab needs root to create network namespaces: run it with sudo");
        }
        need("ip", "iproute2");
        need("nft", "nftables");
        need("ethtool", "ethtool");
        if (rate) {
            need("tc", "iproute2");
        }
        if (emulator) {
            need("python3", "python3");
            if (!Files.exists(Path.of("/dev/net/tun"))) {
                throw new LabUnavailableException("the link emulator (delay, jitter, reordering, burst loss) needs "
                        + "/dev/net/tun, which this machine lacks");
            }
        }
        try {
            Shell.run("ip", "netns", "list");
        } catch (LabException e) {
            throw new LabUnavailableException("`ip netns` does not work here: " + e.getMessage());
        }
    }

    /** Whether this process runs with effective user id 0, read from /proc (no JNI). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static void need(String program, String debianPackage) throws LabUnavailableException {
        if (Executables.find(program).isEmpty()) {
            throw new LabUnavailableException("the lab needs `" + program + "`, which is not installed (apt-get install "
                    + debianPackage + ", or run scripts/install-peers.sh)");
        }
    }
}
