package netdisk.services.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import netdisk.services.wire.ErrorCode;
import netdisk.services.wire.FrameCodec;
import netdisk.services.wire.MessageCodec;
import netdisk.services.wire.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP control channel (spec/control.md): accepts connections and serves each on its own
 * virtual thread, so a slow or hostile peer costs a cheap thread and a slot, never another
 * client's service. The {@link ConnectionSlots} decide who is served: beyond the limits a new
 * peer gets one BUSY frame and is closed, unless a connection idling on its peer gives way.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final ControlConfig config;
    private final ControlHandler handler;
    private final ServerSocket listener;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<ControlConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final ConnectionSlots<ControlConnection> slots;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(ControlConfig config, ServerSocket listener) {
        this.config = config;
        this.handler = new ControlHandler(config);
        this.slots = new ConnectionSlots<>(config.limits().maxConnections(), config.limits().maxPerAddress());
        this.listener = listener;
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("netdisk-control-timer")
                .factory());
        this.timer.setRemoveOnCancelPolicy(true);
        this.acceptor = Thread.ofVirtual().name("netdisk-control-accept").unstarted(this::acceptLoop);
    }

    /** Binds and starts serving. */
    public static ControlServer start(ControlConfig config) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(config.bind(), Math.min(config.limits().maxConnections(), 1024));
        } catch (IOException e) {
            listener.close();
            String message = "cannot listen for control connections on TCP " + config.bind() + ": " + e.getMessage();
            // A taken port stays a BindException, so a caller can tell it from other failures.
            IOException failure = e instanceof BindException ? new BindException(message) : new IOException(message);
            failure.initCause(e);
            throw failure;
        }
        ControlServer server = new ControlServer(config, listener);
        server.acceptor.start();
        LOG.info("control channel listening on TCP {}", server.localAddress());
        return server;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Connections being served now. */
    public int activeConnections() {
        return slots.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accepting control connections failed; stopping", e);
                }
                return;
            }
            ControlConnection connection =
                    new ControlConnection(socket, handler, config.limits(), timer, config.transfers());
            switch (slots.admit(connection, socket.getInetAddress())) {
                case ConnectionSlots.Admission.Refused<ControlConnection> refused -> {
                    refuseBusy(socket, refused.message());
                    continue;
                }
                case ConnectionSlots.Admission.Admitted<ControlConnection> admitted -> {
                    if (!admitted.yielded().isEmpty()) {
                        LOG.debug("every slot taken: a connection waiting on its peer gave way to {}",
                                socket.getRemoteSocketAddress());
                    }
                }
            }
            Thread thread = Thread.ofVirtual().name("netdisk-control-" + socket.getRemoteSocketAddress())
                    .unstarted(() -> serve(connection));
            connections.add(connection);
            threads.add(thread);
            thread.start();
            if (closed) {
                connection.close();
            }
        }
    }

    private void serve(ControlConnection connection) {
        try {
            connection.run();
        } finally {
            connections.remove(connection);
            threads.remove(Thread.currentThread());
            slots.release(connection);
        }
    }

    /** One BUSY frame, then close. A fresh socket's send buffer holds it: this write does not block. */
    private void refuseBusy(Socket socket, String message) {
        try (socket) {
            ObjectNode busy = MessageCodec.encode(Response.Failure.of(null, ErrorCode.BUSY, message));
            OutputStream out = socket.getOutputStream();
            out.write(FrameCodec.frame(busy));
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            // The peer left already.
        }
        LOG.debug("refused {}: busy", socket.getRemoteSocketAddress());
    }

    /**
     * Stops accepting, closes every connection (an upload in progress is discarded, the old file
     * kept) and waits briefly for their threads to clean up.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // Nothing left to accept either way.
        }
        connections.forEach(ControlConnection::close);
        long end = System.nanoTime() + CLOSE_GRACE.toNanos();
        try {
            acceptor.join(CLOSE_GRACE);
            for (Thread t : threads) {
                long left = end - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("control channel on TCP {} closed", listener.getLocalSocketAddress());
    }
}
