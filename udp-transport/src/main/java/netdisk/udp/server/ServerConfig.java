package netdisk.udp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import netdisk.udp.flow.FlowSettings;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.io.TransferReactors;
import netdisk.udp.options.ServerLimits;
import netdisk.udp.retransmit.RetransmitPolicy;

/**
 * Everything a {@link TftpServer} needs. Build with {@link #builder(RequestHandler)}.
 *
 * @param bind the well-known address and port (port 0: an ephemeral one, for tests)
 * @param budgets how many transfers run at once, in all, per client address, and unanswered
 * @param shutdownGrace how long {@link TftpServer#close()} lets running transfers finish
 * @param transferThreads creates the thread of each transfer: it opens the port, asks the handler,
 *     and (without reactors) runs the transfer
 * @param reactors how many {@link netdisk.udp.io.TransferReactor}s run the transfers once they
 *     are granted, each a thread serving many ports from one selector; 0 runs each transfer on its
 *     own thread, blocked on its port (a port no selector can watch always runs so)
 * @param flowMode whether requests asking for {@code netdisk-flow} get it (spec/protocol.md 16)
 * @param flow the knobs of flow mode
 * @param extension datagrams of another protocol on the well-known port, asked before TFTP
 *     decoding ({@link ListenerExtension#NONE}: none)
 * @param singlePort every transfer answered from the well-known port, told apart by the client's
 *     address and port (spec/protocol.md 17), for a NAT, a container or a firewall that lets one
 *     port through; {@code transferPorts} and {@code reactors} are then unused (each transfer runs
 *     on its own thread, fed by the listener)
 */
public record ServerConfig(
        InetSocketAddress bind,
        RequestHandler handler,
        ServerLimits limits,
        RetransmitPolicy retransmit,
        DatagramPortFactory listenerPorts,
        DatagramPortFactory transferPorts,
        TransferBudgets budgets,
        Duration shutdownGrace,
        TransferListener listener,
        ThreadFactory transferThreads,
        int reactors,
        boolean flowMode,
        FlowSettings flow,
        ListenerExtension extension,
        boolean singlePort) {

    public static final int DEFAULT_PORT = 6969;
    /** How long a graceful stop lets running transfers finish, unless configured otherwise. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retransmit, "retransmit");
        Objects.requireNonNull(listenerPorts, "listenerPorts");
        Objects.requireNonNull(transferPorts, "transferPorts");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(transferThreads, "transferThreads");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(extension, "extension");
        if (reactors < 0) {
            throw new IllegalArgumentException("reactors must be 0 or more, got " + reactors);
        }
    }

    public static Builder builder(RequestHandler handler) {
        return new Builder(handler);
    }

    /** Builder with the defaults of a LAN server: loopback-free wildcard bind on 6969. */
    public static final class Builder {
        private InetSocketAddress bind = new InetSocketAddress(DEFAULT_PORT);
        private final RequestHandler handler;
        private ServerLimits limits = ServerLimits.DEFAULT;
        private RetransmitPolicy retransmit = RetransmitPolicy.DEFAULT;
        private DatagramPortFactory listenerPorts = DatagramPortFactory.udp();
        private DatagramPortFactory transferPorts = DatagramPortFactory.udp();
        private TransferBudgets budgets = TransferBudgets.DEFAULT;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private TransferListener listener = TransferListener.NONE;
        private ThreadFactory transferThreads = Thread.ofPlatform().name("tftp-transfer-", 0).daemon(true).factory();
        private int reactors = TransferReactors.DEFAULT_COUNT;
        private boolean flowMode = true;
        private FlowSettings flow = FlowSettings.DEFAULT;
        private ListenerExtension extension = ListenerExtension.NONE;
        private boolean singlePort;

        private Builder(RequestHandler handler) {
            this.handler = Objects.requireNonNull(handler);
        }

        public Builder bind(InetSocketAddress address) {
            this.bind = address;
            return this;
        }

        public Builder bind(InetAddress address, int port) {
            return bind(new InetSocketAddress(address, port));
        }

        public Builder limits(ServerLimits value) {
            this.limits = value;
            return this;
        }

        public Builder retransmit(RetransmitPolicy value) {
            this.retransmit = value;
            return this;
        }

        /** How long a transfer's peer may stay silent before it is given up, in either engine. */
        public Builder giveUp(Duration silence) {
            this.retransmit = retransmit.withGiveUp(silence);
            this.flow = flow.withGiveUp(silence);
            return this;
        }

        /**
         * Wraps both the well-known port and every transfer port (e.g. in an impairment layer). In
         * single-port mode the well-known port carries every transfer: many threads send on it
         * while the listener receives, so the port made here must allow that.
         */
        public Builder ports(DatagramPortFactory value) {
            this.listenerPorts = value;
            this.transferPorts = value;
            return this;
        }

        public Builder transferPorts(DatagramPortFactory value) {
            this.transferPorts = value;
            return this;
        }

        /** At most {@code value} transfers at once, the other budgets cut to fit under it. */
        public Builder maxTransfers(int value) {
            this.budgets = budgets.withMaxTransfers(value);
            return this;
        }

        public Builder budgets(TransferBudgets value) {
            this.budgets = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            this.shutdownGrace = value;
            return this;
        }

        public Builder listener(TransferListener value) {
            this.listener = value;
            return this;
        }

        /** Tells {@code also} of each transfer too, after the listener set so far. */
        public Builder alsoTell(TransferListener also) {
            TransferListener first = this.listener;
            this.listener = report -> {
                first.transferEnded(report);
                also.transferEnded(report);
            };
            return this;
        }

        public Builder transferThreads(ThreadFactory value) {
            this.transferThreads = value;
            return this;
        }

        /** Reactor threads for running transfers; 0 for a blocked thread per transfer. */
        public Builder reactors(int value) {
            this.reactors = value;
            return this;
        }

        /** Whether to grant flow mode to netdisk clients that ask (on by default). */
        public Builder flowMode(boolean value) {
            this.flowMode = value;
            return this;
        }

        public Builder flow(FlowSettings value) {
            this.flow = value;
            return this;
        }

        /** Another protocol's datagrams on the well-known port (none by default). */
        public Builder extension(ListenerExtension value) {
            this.extension = value;
            return this;
        }

        /** Whether every transfer is answered from the well-known port (off by default: a port per transfer). */
        public Builder singlePort(boolean value) {
            this.singlePort = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(bind, handler, limits, retransmit, listenerPorts, transferPorts, budgets,
                    shutdownGrace, listener, transferThreads, reactors, flowMode, flow, extension,
                    singlePort);
        }
    }
}
