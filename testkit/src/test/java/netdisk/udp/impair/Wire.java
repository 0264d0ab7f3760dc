package netdisk.udp.impair;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.TftpOptions;

/** Datagrams for tests, and ways to send and collect them. */
final class Wire {

    private Wire() {}

    /** DATA {@code block} with {@code length} payload bytes that differ from block to block. */
    static byte[] data(int block, int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (block * 31 + i);
        }
        return PacketCodec.toBytes(Data.of(block, payload));
    }

    static byte[] data(int block) {
        return data(block, 16);
    }

    static byte[] ack(int block) {
        return PacketCodec.toBytes(new Ack(block));
    }

    static byte[] oack() {
        return PacketCodec.toBytes(new OptionAck(TftpOptions.of("blksize", "1024")));
    }

    static byte[] error() {
        return PacketCodec.toBytes(new ErrorPacket(ErrorCode.NOT_DEFINED, "timed out"));
    }

    static void send(DatagramPort from, DatagramPort to, byte[]... datagrams) throws IOException {
        for (byte[] d : datagrams) {
            from.send(ByteBuffer.wrap(d), to.localAddress());
        }
    }

    /** Everything {@code port} has for us right now (zero-timeout receives until one is empty). */
    static List<byte[]> drain(DatagramPort port) throws IOException {
        List<byte[]> got = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(70_000);
        while (port.receive(buffer, 0) != null) {
            got.add(bytes(buffer));
        }
        return got;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    /** "DATA 3", "ACK 5", "MALFORMED" ... for readable assertions. */
    static List<String> labels(List<byte[]> datagrams) {
        return datagrams.stream().map(d -> Classification.of(d).toString()).toList();
    }
}
