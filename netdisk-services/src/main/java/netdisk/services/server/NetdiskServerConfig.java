package netdisk.services.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import netdisk.services.ServedTransfer;
import netdisk.services.accounts.AccountSettings;
import netdisk.services.control.ControlLimits;
import netdisk.services.discovery.DiscoverySettings;
import netdisk.services.storage.Quota;
import netdisk.udp.server.RequestHandler;
import netdisk.udp.server.ServerConfig;

/**
 * How to run a {@link NetdiskServer}.
 *
 * @param dataFolder holds users.xlsx, users/ and (by default) public/; created when missing
 * @param publicFolder served read-only to anonymous TFTP clients; {@code null}: {@code <data>/public}
 * @param port UDP and TCP port number (6969 by default; 0 picks a free number for both)
 * @param udp tunes the TFTP engine (limits, retransmission, single-port mode ...) beyond handler and
 *     address
 * @param transfers told of each file served, over UDP or TCP (a listener set through {@code udp}
 *     hears the engine's own reports as well)
 * @param requestHandler wraps the netdisk TFTP request handler before the engine gets it; the
 *     identity but in tests (a server that ignores an option, say), so that they run the real
 *     wiring otherwise
 * @param discovery whether and as whom the UDP port answers LAN discovery (spec/discovery.md; on,
 *     as the host name, by default)
 */
public record NetdiskServerConfig(Path dataFolder, Path publicFolder, InetAddress host, int port,
        AccountSettings accounts, Quota quota, ControlLimits controlLimits,
        UnaryOperator<ServerConfig.Builder> udp, ServedTransfer.Listener transfers,
        UnaryOperator<RequestHandler> requestHandler, DiscoverySettings discovery) {

    public static final int DEFAULT_PORT = 6969;

    public NetdiskServerConfig {
        Objects.requireNonNull(dataFolder, "dataFolder");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(accounts, "accounts");
        quota = quota == null ? Quota.NONE : quota;
        Objects.requireNonNull(controlLimits, "controlLimits");
        udp = udp == null ? UnaryOperator.identity() : udp;
        transfers = transfers == null ? ServedTransfer.Listener.NONE : transfers;
        requestHandler = requestHandler == null ? UnaryOperator.identity() : requestHandler;
        discovery = discovery == null ? DiscoverySettings.defaults() : discovery;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }

    /** Embedded defaults over {@code dataFolder}: every interface, port 6969, no quota. */
    public static NetdiskServerConfig defaults(Path dataFolder) {
        InetAddress everyInterface = new InetSocketAddress(0).getAddress(); // the wildcard, 0.0.0.0
        return new NetdiskServerConfig(dataFolder, null, everyInterface, DEFAULT_PORT, AccountSettings.defaults(),
                Quota.NONE, ControlLimits.defaults(), UnaryOperator.identity(), ServedTransfer.Listener.NONE,
                UnaryOperator.identity(), DiscoverySettings.defaults());
    }

    public NetdiskServerConfig withPublicFolder(Path folder) {
        return new NetdiskServerConfig(dataFolder, folder, host, port, accounts,
                quota, controlLimits, udp, transfers, requestHandler, discovery);
    }

    public NetdiskServerConfig withAddress(InetAddress newHost, int newPort) {
        return new NetdiskServerConfig(dataFolder, publicFolder, newHost, newPort, accounts,
                quota, controlLimits, udp, transfers, requestHandler, discovery);
    }

    public NetdiskServerConfig withAccounts(AccountSettings settings) {
        return new NetdiskServerConfig(dataFolder, publicFolder, host, port, settings,
                quota, controlLimits, udp, transfers, requestHandler, discovery);
    }

    public NetdiskServerConfig withQuota(Quota newQuota) {
        return new NetdiskServerConfig(dataFolder, publicFolder, host, port, accounts,
                newQuota, controlLimits, udp, transfers, requestHandler, discovery);
    }

    public NetdiskServerConfig withControlLimits(ControlLimits limits) {
        return new NetdiskServerConfig(dataFolder, publicFolder, host, port, accounts,
                quota, limits, udp, transfers, requestHandler, discovery);
    }

    public NetdiskServerConfig withTransfers(ServedTransfer.Listener listener) {
        return new NetdiskServerConfig(dataFolder, publicFolder, host, port, accounts,
                quota, controlLimits, udp, listener, requestHandler, discovery);
    }

    public NetdiskServerConfig withUdp(UnaryOperator<ServerConfig.Builder> tuning) {
        return new NetdiskServerConfig(dataFolder, publicFolder, host, port, accounts,
                quota, controlLimits, tuning, transfers, requestHandler, discovery);
    }

    public NetdiskServerConfig withRequestHandler(UnaryOperator<RequestHandler> wrap) {
        return new NetdiskServerConfig(dataFolder, publicFolder, host, port, accounts,
                quota, controlLimits, udp, transfers, wrap, discovery);
    }

    public NetdiskServerConfig withDiscovery(DiscoverySettings settings) {
        return new NetdiskServerConfig(dataFolder, publicFolder, host, port, accounts,
                quota, controlLimits, udp, transfers, requestHandler, settings);
    }
}
