package netdisk.services.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether and as whom a server answers discovery ({@code netdisk server [--name NAME]
 * [--no-discovery]}).
 *
 * @param enabled answers questions; otherwise drops them without a word
 * @param name the name to answer with; {@code null}: the host name
 * @param version the software version to say; {@code null}: the jar's, if it has one
 */
public record DiscoverySettings(boolean enabled, String name, String version) {

    private static final String FALLBACK_NAME = "netdisk";

    public DiscoverySettings {
        if (name != null) {
            String problem = DiscoveryAnswer.nameProblem(name);
            if (problem != null) {
                throw new IllegalArgumentException(problem + ": '" + name + "'");
            }
        }
    }

    /** On, as the host name, with the jar's version. */
    public static DiscoverySettings defaults() {
        return new DiscoverySettings(true, null, null);
    }

    public DiscoverySettings withEnabled(boolean value) {
        return new DiscoverySettings(value, name, version);
    }

    public DiscoverySettings withName(String value) {
        return new DiscoverySettings(enabled, value, version);
    }

    public DiscoverySettings withVersion(String value) {
        return new DiscoverySettings(enabled, name, value);
    }

    /** The name answers carry: the one given, else the host name. */
    public String effectiveName() {
        return name != null ? name : hostName();
    }

    /** The version answers carry: the one given, else the jar's; {@code null} when neither fits 2.2's rule. */
    public String effectiveVersion() {
        String v = version != null ? version : DiscoverySettings.class.getPackage().getImplementationVersion();
        return v != null && v.matches("[\\x21-\\x7e]{1," + DiscoveryAnswer.MAX_VERSION_BYTES + "}") ? v : null;
    }

    /**
     * The kernel's host name, without a DNS lookup (which {@code InetAddress.getLocalHost} makes,
     * and which can hang on a LAN without DNS); cut to a name discovery allows, else "netdisk".
     */
    static String hostName() {
        String name = null;
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                name = Files.readString(kernel).strip();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or no /proc: the environment, then the JDK
        }
        if (name == null || name.isEmpty()) {
            name = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME") : System.getenv("COMPUTERNAME");
        }
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                name = null;
            }
        }
        return fitted(name);
    }

    /** {@code name} stripped and cut (on a character) to the longest name 2.2 allows, or the fallback. */
    static String fitted(String name) {
        if (name == null) {
            return FALLBACK_NAME;
        }
        String s = name.strip();
        while (s.getBytes(StandardCharsets.UTF_8).length > DiscoveryAnswer.MAX_NAME_BYTES) {
            s = s.substring(0, s.offsetByCodePoints(s.length(), -1)).strip();
        }
        return DiscoveryAnswer.nameProblem(s) == null ? s : FALLBACK_NAME;
    }
}
