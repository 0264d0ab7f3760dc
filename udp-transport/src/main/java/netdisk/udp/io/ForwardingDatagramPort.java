package netdisk.udp.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A port that passes everything to another: a subclass overrides {@link #send} or {@link #receive}
 * to refuse, drop or watch datagrams and keeps the rest (tests; the AOT training's lossy ports). Like any wrapper that is not the socket
 * itself it offers no selectable channel, so a server runs its transfers on threads of their own
 * (see {@link DatagramPort#selectableChannel()}).
 */
public class ForwardingDatagramPort implements DatagramPort {

    protected final DatagramPort delegate;

    public ForwardingDatagramPort(DatagramPort delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
        delegate.send(datagram, target);
    }

    @Override
    public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
        return delegate.receive(into, timeoutNanos);
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
