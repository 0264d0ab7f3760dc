package netdisk.tools.lab;

import java.nio.file.Path;
import java.util.Optional;

/** A third-party program the lab runs beside netdisk, and where to get it. */
public enum Peer {
    CURL("curl", "apt-get install curl"),
    TFTPD_HPA("in.tftpd", "apt-get install tftpd-hpa"),
    ATFTP("atftp", "apt-get install atftp"),
    /** Debian's atftpd conflicts with tftpd-hpa; scripts/install-peers.sh unpacks it beside it. */
    ATFTPD("atftpd", "run scripts/install-peers.sh: Debian's atftpd package conflicts with tftpd-hpa"),
    NGINX("nginx", "apt-get install nginx");

    private final String executable;
    private final String install;

    Peer(String executable, String install) {
        this.executable = executable;
        this.install = install;
    }

    public String executable() {
        return executable;
    }

    public Optional<Path> locate() {
        return Executables.find(executable);
    }

    /** "atftpd is not installed (scripts/install-peers.sh ...)". */
    public String missing() {
        return executable + " is not installed (" + install + ")";
    }
}
