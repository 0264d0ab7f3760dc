package netdisk.udp.io;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DatagramPort} on a real, unconnected {@link DatagramChannel}.
 *
 * <p>Unconnected on purpose: a connected socket would let the kernel drop datagrams from other
 * ports silently, but RFC 1350 §4 asks us to answer a stranger with ERROR 5, so the engine must
 * see them. Sends go through the channel (no copy from a direct buffer); timed receives go
 * through the channel's socket adaptor, the JDK's way to bound a blocking receive.
 */
public final class ChannelDatagramPort implements DatagramPort {

    /** Big enough for bursts of a 64-packet window of large blocks without kernel drops. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final DatagramChannel channel;
    private final DatagramSocket socket;
    private final InetSocketAddress local;
    private byte[] receiveArray = new byte[0];
    private DatagramPacket receivePacket;

    private ChannelDatagramPort(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.socket = channel.socket();
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** Opens a channel bound to {@code local}; port 0 picks an ephemeral port. */
    public static ChannelDatagramPort bind(InetSocketAddress local) throws IOException {
        DatagramChannel channel = local.getAddress() != null && local.getAddress() instanceof java.net.Inet6Address
                ? DatagramChannel.open(StandardProtocolFamily.INET6)
                : DatagramChannel.open();
        try {
            trySetBuffer(channel, StandardSocketOptions.SO_RCVBUF);
            trySetBuffer(channel, StandardSocketOptions.SO_SNDBUF);
            channel.bind(local);
            return new ChannelDatagramPort(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void trySetBuffer(DatagramChannel channel, java.net.SocketOption<Integer> option) {
        try {
            channel.setOption(option, SOCKET_BUFFER_BYTES);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The kernel caps or refuses the size; the default still works, only burstier loss.
        }
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
        channel.send(datagram, target);
    }

    @Override
    public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (timeoutNanos <= 0) {
            return null;
        }
        if (receiveArray.length < into.capacity()) {
            receiveArray = new byte[into.capacity()];
            receivePacket = new DatagramPacket(receiveArray, receiveArray.length);
        }
        // setSoTimeout takes milliseconds and treats 0 as "forever": round up, at least 1 ms.
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
        receivePacket.setLength(Math.min(receiveArray.length, into.capacity()));
        try {
            socket.receive(receivePacket);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (java.net.SocketException e) {
            if (!channel.isOpen()) {
                throw new ClosedChannelException();
            }
            throw e;
        }
        into.clear();
        into.put(receiveArray, 0, receivePacket.getLength());
        into.flip();
        return (InetSocketAddress) receivePacket.getSocketAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the descriptor is released either way.
        }
    }

    @Override
    public String toString() {
        return "udp " + local;
    }
}
