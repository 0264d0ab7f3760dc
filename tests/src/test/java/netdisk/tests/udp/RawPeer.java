package netdisk.tests.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;

/**
 * A test peer on a plain {@link DatagramSocket} that sends exactly the bytes it is told to and
 * reports exactly what arrives, with its source: the scripted TFTP peer of the style guide. It
 * plays a client against the real server, or a server against the real client.
 */
final class RawPeer implements AutoCloseable {

    /** One datagram that arrived. */
    record Received(InetSocketAddress from, byte[] bytes) {

        /** The decoded packet; fails the test when it is malformed. */
        Packet packet() {
            try {
                return PacketCodec.decode(bytes);
            } catch (MalformedPacketException e) {
                throw new AssertionError("malformed datagram from " + from + ": " + e.getMessage(), e);
            }
        }

        <T extends Packet> T packet(Class<T> type) {
            Packet packet = packet();
            assertThat(packet).as("datagram from %s", from).isInstanceOf(type);
            return type.cast(packet);
        }
    }

    static final Duration PATIENCE = Duration.ofSeconds(5);

    private final DatagramSocket socket;
    private final byte[] buffer = new byte[PacketCodec.MAX_PACKET_SIZE + 1];

    private RawPeer(DatagramSocket socket) {
        this.socket = socket;
    }

    /** A peer on an ephemeral loopback port. */
    static RawPeer open() throws IOException {
        return open(EndToEnd.loopback());
    }

    /** A peer on an ephemeral port of {@code address} (e.g. 127.0.0.2, a second loopback host). */
    static RawPeer open(InetAddress address) throws IOException {
        return new RawPeer(new DatagramSocket(new InetSocketAddress(address, 0)));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(Packet packet, InetSocketAddress to) throws IOException {
        send(PacketCodec.toBytes(packet), to);
    }

    void send(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    /** The next datagram, or {@code null} when none comes within {@code timeout}. */
    Received receive(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Received((InetSocketAddress) p.getSocketAddress(),
                Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()));
    }

    /** The next datagram; fails the test when none comes within {@link #PATIENCE}. */
    Received expect() throws IOException {
        Received r = receive(PATIENCE);
        assertThat(r).as("a datagram at %s within %s", address(), PATIENCE).isNotNull();
        return r;
    }

    /** The next datagram, which must be an ERROR. */
    ErrorPacket expectError() throws IOException {
        return expect().packet(ErrorPacket.class);
    }

    /** Asserts that nothing arrives for {@code quiet}. */
    void expectSilence(Duration quiet) throws IOException {
        Received r = receive(quiet);
        assertThat(r).as("nothing should arrive at %s", address()).isNull();
    }

    /**
     * Plays a lockstep receiver (RFC 1350) from the first DATA on: ACKs each block, re-ACKs a
     * repeat, and returns the bytes once the short block came. The server is clean loopback, so
     * a lost datagram is a test failure (no timer of our own).
     */
    byte[] receiveLockstep(Received first, int blockSize) throws IOException {
        return receiveLockstep(first, blockSize, null);
    }

    /**
     * As {@link #receiveLockstep(Received, int)}, but a DATA from {@code finishedTid} (an earlier
     * transfer still repeating its final block until its late ACK lands) is skipped, as a real
     * client would answer it with ERROR 5 and carry on.
     */
    byte[] receiveLockstep(Received first, int blockSize, InetSocketAddress finishedTid) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InetSocketAddress server = first.from();
        Received r = first;
        int expected = 1;
        while (true) {
            if (r.from().equals(finishedTid)) {
                r = expect();
                continue;
            }
            assertThat(r.from()).as("every DATA comes from the transfer's TID").isEqualTo(server);
            Data data = r.packet(Data.class);
            if (data.block() == (expected & 0xFFFF)) {
                out.writeBytes(data.bytes());
                send(new Ack(data.block()), server);
                if (data.length() < blockSize) {
                    return out.toByteArray();
                }
                expected++;
            } else {
                send(new Ack((expected - 1) & 0xFFFF), server);
            }
            r = expect();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
