package netdisk.tools.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The servers of a lab, each started once in the server's namespace on a port of its own and
 * stopped when the lab ends: netdisk's server, and the stock peers that are installed. The file
 * every case moves sits in one folder ({@code www/}) that the stock servers serve; netdisk's server
 * gets it by an upload, as a user would put it there.
 */
public final class LabServers implements AutoCloseable {

    public static final int NETDISK_PORT = 6969;
    public static final int TFTPD_HPA_PORT = 69;
    public static final int ATFTPD_PORT = 1069;
    public static final int NGINX_PORT = 8080;

    private final Map<LabCase.Server, LabProcess> running = new EnumMap<>(LabCase.Server.class);
    private final Map<LabCase.Server, String> missing = new EnumMap<>(LabCase.Server.class);
    private final Path workDir;
    private final Path www;

    private LabServers(Path workDir) {
        this.workDir = workDir;
        this.www = workDir.resolve("www");
    }

    /**
     * Starts each of {@code needed} that is installed; a missing one is remembered with the reason,
     * so its cases become rows that say so.
     *
     * @param file the file the cases move, served by the stock servers as {@code www/NAME}
     */
    public static LabServers start(LabNetwork net, Set<LabCase.Server> needed, Path workDir, Path file,
            NetdiskLauncher launcher) throws LabException {
        LabServers servers = new LabServers(workDir);
        try {
            servers.startAll(net, needed, file, launcher);
            return servers;
        } catch (LabException | RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    private void startAll(LabNetwork net, Set<LabCase.Server> needed, Path file, NetdiskLauncher launcher)
            throws LabException {
        try {
            Files.createDirectories(www);
            Files.createLink(www.resolve(file.getFileName()), file);
        } catch (IOException e) {
            throw new LabException("cannot prepare the served folder " + www + ": " + e.getMessage(), e);
        }
        String ns = net.server().namespace();
        String address = net.server().ipv4();
        for (LabCase.Server server : needed) {
            Optional<Peer> peer = server.peer();
            if (peer.isPresent() && peer.get().locate().isEmpty()) {
                missing.put(server, peer.get().missing());
                continue;
            }
            LabProcess p = switch (server) {
                case NETDISK -> {
                    Path data = netdiskData();
                    LabProcess s = LabProcess.start("netdisk server", ns, launcher.command("server", "--data",
                            data.toString(), "--host", address, "--port", Integer.toString(NETDISK_PORT)),
                            workDir.resolve("netdisk-server.log"), Map.of());
                    s.awaitPort(ns, true, NETDISK_PORT);
                    s.awaitPort(ns, false, NETDISK_PORT);
                    yield s;
                }
                case TFTPD_HPA -> {
                    LabProcess s = LabProcess.start("tftpd-hpa", ns, List.of(peer.get().locate().get().toString(), "-L",
                            "-s", www.toString(), "-a", address + ":" + TFTPD_HPA_PORT, "-u", "root"),
                            workDir.resolve("tftpd-hpa.log"), Map.of());
                    s.awaitPort(ns, true, TFTPD_HPA_PORT);
                    yield s;
                }
                case ATFTPD -> {
                    LabProcess s = LabProcess.start("atftpd", ns, List.of(peer.get().locate().get().toString(),
                            "--daemon", "--no-fork", "--user", "root.root", "--port", Integer.toString(ATFTPD_PORT),
                            "--bind-address", address, "--logfile", "/dev/null", www.toString()),
                            workDir.resolve("atftpd.log"), Map.of());
                    s.awaitPort(ns, true, ATFTPD_PORT);
                    yield s;
                }
                case NGINX -> {
                    Path conf = nginxConfig(address);
                    LabProcess s = LabProcess.start("nginx", ns, List.of(peer.get().locate().get().toString(), "-p",
                            conf.getParent().toString(), "-c", conf.toString(), "-e",
                            conf.getParent().resolve("error.log").toString()), workDir.resolve("nginx.log"), Map.of());
                    s.awaitPort(ns, false, NGINX_PORT);
                    yield s;
                }
            };
            running.put(server, p);
        }
    }

    /** nginx as its documentation's minimal static server: one worker, sendfile, everything in the lab's folder. */
    private Path nginxConfig(String address) throws LabException {
        Path dir = workDir.resolve("nginx");
        Path conf = dir.resolve("nginx.conf");
        String text = """
                daemon off;
                master_process on;
                worker_processes 1;
                user root;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    default_type application/octet-stream;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen %2$s:%3$d;
                        root %4$s;
                    }
                }
                """.formatted(dir, address, NGINX_PORT, www);
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, text);
        } catch (IOException e) {
            throw new LabException("cannot write the nginx configuration: " + e.getMessage(), e);
        }
        return conf;
    }

    /** Why the server of a case is not running (its program is missing), or empty when it runs. */
    public Optional<String> missing(LabCase.Server server) {
        return Optional.ofNullable(missing.get(server));
    }

    LabProcess process(LabCase.Server server) {
        LabProcess p = running.get(server);
        if (p == null) {
            throw new IllegalStateException(server + " is not running");
        }
        return p;
    }

    /** The netdisk server's data folder. */
    public Path netdiskData() {
        return workDir.resolve("netdisk-data");
    }

    @Override
    public void close() {
        running.values().forEach(LabProcess::close);
        running.clear();
    }
}
