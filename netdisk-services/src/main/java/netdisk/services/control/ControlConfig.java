package netdisk.services.control;

import java.net.InetSocketAddress;
import java.util.Objects;
import netdisk.services.ServedTransfer;
import netdisk.services.accounts.Accounts;
import netdisk.services.storage.Quota;
import netdisk.services.storage.Storage;

/**
 * What a {@link ControlServer} needs. Build with {@link #builder(Accounts, Storage)}.
 *
 * @param bind where to listen (port 0: any free port, for tests)
 * @param udpPort the UDP port announced in the hello (the TFTP server's; 6969 by default)
 * @param quota per-user limits; {@link Quota#NONE} for none
 * @param minPasswordLength announced in the hello so a client can check before asking
 * @param serverName announced in the hello
 * @param transfers told of each TCP data-path transfer; {@code null} for nobody
 */
public record ControlConfig(InetSocketAddress bind, Accounts accounts, Storage storage, int udpPort, Quota quota,
        ControlLimits limits, int minPasswordLength, String serverName, ServedTransfer.Listener transfers) {

    public static final int DEFAULT_PORT = 6969;
    public static final String SERVER_NAME = "netdisk/0.1";

    public ControlConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(storage, "storage");
        quota = quota == null ? Quota.NONE : quota;
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(serverName, "serverName");
        transfers = transfers == null ? ServedTransfer.Listener.NONE : transfers;
        if (udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("udpPort out of range: " + udpPort);
        }
    }

    public static Builder builder(Accounts accounts, Storage storage) {
        return new Builder(accounts, storage);
    }

    /** Defaults: all interfaces port 6969, UDP port 6969, no quota, default limits, passwords of 8+. */
    public static final class Builder {
        private final Accounts accounts;
        private final Storage storage;
        private InetSocketAddress bind = new InetSocketAddress(DEFAULT_PORT);
        private int udpPort = DEFAULT_PORT;
        private Quota quota = Quota.NONE;
        private ControlLimits limits = ControlLimits.defaults();
        private int minPasswordLength = 8;
        private String serverName = SERVER_NAME;
        private ServedTransfer.Listener transfers = ServedTransfer.Listener.NONE;

        private Builder(Accounts accounts, Storage storage) {
            this.accounts = accounts;
            this.storage = storage;
        }

        public Builder bind(InetSocketAddress bind) {
            this.bind = bind;
            return this;
        }

        public Builder udpPort(int udpPort) {
            this.udpPort = udpPort;
            return this;
        }

        /** {@code null} means no quota. */
        public Builder quota(Quota quota) {
            this.quota = quota;
            return this;
        }

        public Builder limits(ControlLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder minPasswordLength(int minPasswordLength) {
            this.minPasswordLength = minPasswordLength;
            return this;
        }

        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** Told of each file that goes over the TCP data path (the server's transfer log). */
        public Builder transfers(ServedTransfer.Listener transfers) {
            this.transfers = transfers;
            return this;
        }

        public ControlConfig build() {
            return new ControlConfig(bind, accounts, storage, udpPort, quota, limits, minPasswordLength, serverName,
                    transfers);
        }
    }
}
