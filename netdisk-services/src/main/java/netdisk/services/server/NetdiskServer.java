package netdisk.services.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import netdisk.services.ServedTransfer;
import netdisk.services.accounts.LocalAccounts;
import netdisk.services.control.ControlConfig;
import netdisk.services.control.ControlServer;
import netdisk.services.discovery.DiscoveryIdentity;
import netdisk.services.discovery.DiscoveryResponder;
import netdisk.services.discovery.DiscoverySettings;
import netdisk.services.storage.Storage;
import netdisk.services.tftp.NetdiskRequestHandler;
import netdisk.services.wire.ControlProtocol;
import netdisk.udp.server.RequestHandler;
import netdisk.udp.server.ServerConfig;
import netdisk.udp.server.TftpServer;

/**
 * The whole netdisk server in one process: the TFTP engine serving authorized transfers over UDP,
 * and the control channel over TCP on the same port number, both over one data folder
 * ({@code users.xlsx}, {@code users/}, {@code public/}).
 *
 * <p>Start order follows dependency: the data folder's lock (one server per folder), the
 * registry (a corrupt workbook must stop the server before anything listens), then UDP, then TCP
 * on the port UDP got. Close order is the reverse.
 */
public final class NetdiskServer implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NetdiskServer.class);


    /** With port 0, how many ephemeral UDP ports to try before giving up finding one free on TCP too. */
    private static final int SHARED_PORT_ATTEMPTS = 20;

    private final NetdiskServerConfig config;
    private final Storage storage;
    private final LocalAccounts accounts;
    private final TftpServer udp;
    private final ControlServer control;
    private final DataFolderLock lock;
    private final DiscoveryResponder discovery;

    private NetdiskServer(NetdiskServerConfig config, Storage storage, LocalAccounts accounts, TftpServer udp,
            ControlServer control, DataFolderLock lock, DiscoveryResponder discovery) {
        this.config = config;
        this.storage = storage;
        this.accounts = accounts;
        this.udp = udp;
        this.control = control;
        this.lock = lock;
        this.discovery = discovery;
    }

    /**
     * What the UDP port answers to discovery (spec/discovery.md 4): as the configured name, or
     * nothing (its datagrams are dropped, not handed to TFTP). Every netdisk server serves a
     * public folder ({@code <data>/public} unless {@code --public} says another), so it says so.
     */
    private static DiscoveryResponder discoveryResponder(DiscoverySettings settings) {
        if (!settings.enabled()) {
            return DiscoveryResponder.silent();
        }
        return DiscoveryResponder.answering(new DiscoveryIdentity(settings.effectiveName(), DiscoveryIdentity.newId(),
                ControlProtocol.VERSION, true, settings.effectiveVersion()));
    }

    /**
     * Opens the data folder and starts listening.
     *
     * @throws netdisk.services.accounts.RegistryUnreadableException when users.xlsx cannot be read
     *     (it is left untouched)
     * @throws BindException when the port is taken (on UDP or TCP)
     */
    public static NetdiskServer start(NetdiskServerConfig config) throws IOException {
        DataFolderLock lock = DataFolderLock.acquire(config.dataFolder().toAbsolutePath().normalize());
        try {
            return start(config, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static NetdiskServer start(NetdiskServerConfig config, DataFolderLock lock) throws IOException {
        Storage storage = config.publicFolder() == null
                ? Storage.open(config.dataFolder())
                : Storage.open(config.dataFolder(), config.publicFolder());
        Storage.Swept swept = storage.removeInterruptedUploads();
        if (swept.files() > 0) {
            LOG.info("removed {} interrupted upload(s), {} bytes, left by an earlier run", swept.files(), swept.bytes());
        }
        if (swept.held() > 0) {
            LOG.info("kept {} failed upload(s) for a resume", swept.held());
        }
        LocalAccounts accounts = LocalAccounts.open(storage, config.accounts());
        RequestHandler handler = config.requestHandler().apply(new NetdiskRequestHandler(accounts, storage, config.quota()));
        DiscoveryResponder discovery = discoveryResponder(config.discovery());
        int attempts = config.port() == 0 ? SHARED_PORT_ATTEMPTS : 1;
        BindException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            TftpServer udp = TftpServer.start(config.udp().apply(ServerConfig.builder(handler))
                    .bind(new InetSocketAddress(config.host(), config.port()))
                    .extension(discovery)
                    .alsoTell(report -> config.transfers().finished(ServedTransfer.of(report)))
                    .build());
            int port = udp.localAddress().getPort();
            try {
                ControlServer control = ControlServer.start(ControlConfig.builder(accounts, storage)
                        .bind(new InetSocketAddress(config.host(), port))
                        .udpPort(port)
                        .quota(config.quota())
                        .limits(config.controlLimits())
                        .transfers(config.transfers())
                        .minPasswordLength(accounts.minPasswordLength())
                        .build());
                return new NetdiskServer(config, storage, accounts, udp, control, lock, discovery);
            } catch (BindException e) {
                // The TCP port of that number is taken. With a fixed port that is the user's to
                // fix; with port 0, another ephemeral number will do.
                udp.close();
                last = e;
            } catch (IOException | RuntimeException e) {
                udp.close();
                throw e;
            }
        }
        BindException failure = new BindException("TCP port " + config.port() + " on " + config.host().getHostAddress()
                + " is in use (the UDP port was free)");
        failure.initCause(last);
        throw failure;
    }

    /** The UDP address (TFTP requests). */
    public InetSocketAddress udpAddress() {
        return udp.localAddress();
    }

    /**
     * Whether every UDP transfer is answered from {@link #udpAddress()}'s port (single-port mode,
     * set through {@link NetdiskServerConfig#withUdp}: spec/protocol.md 17).
     */
    public boolean singlePort() {
        return udp.singlePort();
    }

    /** The TCP address (control channel and TCP data path): the same port number as UDP. */
    public InetSocketAddress controlAddress() {
        return control.localAddress();
    }

    public Path dataFolder() {
        return storage.dataFolder();
    }

    /** The data folder's users' and public folders, as both data paths see them. */
    public Storage storage() {
        return storage;
    }

    public Path publicFolder() {
        return storage.publicFolder();
    }

    public Path registryFile() {
        return accounts.registryFile();
    }

    public LocalAccounts accounts() {
        return accounts;
    }

    public int registeredUsers() {
        return accounts.users().size();
    }

    public int activeTransfers() {
        return udp.activeTransfers();
    }

    /** Whom the server answers discovery as; empty with discovery off. */
    public Optional<DiscoveryIdentity> discovery() {
        return discovery.identity();
    }

    public NetdiskServerConfig config() {
        return config;
    }

    /** Stops accepting, lets running transfers finish (up to the grace period) and closes. */
    @Override
    public void close() {
        try {
            control.close();
        } finally {
            try {
                udp.close();
            } finally {
                lock.close(); // last: nothing writes the registry any more
            }
        }
    }
}
