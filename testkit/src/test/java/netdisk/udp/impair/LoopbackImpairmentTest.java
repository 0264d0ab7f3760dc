package netdisk.udp.impair;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netdisk.udp.io.ChannelDatagramPort;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.PacketCodec;
import org.junit.jupiter.api.Test;

/** The impairment layer over real sockets: decisions depend on the seed, not on the network. */
class LoopbackImpairmentTest {

    private static final int DATAGRAMS = 1000;
    /** Sent before the receiver drains, small enough for a default socket buffer. */
    private static final int BATCH = 100;

    /** Sends ACK 1..1000 through a lossy sender and returns the blocks that arrived, in order. */
    private static List<Integer> blocksArriving(long seed) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        ImpairmentPlan plan = ImpairmentPlan.seeded(seed).outbound(Fault.drop().probability(0.1));
        List<Integer> arrived = new ArrayList<>();
        try (ImpairedDatagramPort sender = ImpairedDatagramPort.wrap(ChannelDatagramPort.bind(loopback), plan);
             DatagramPort receiver = ChannelDatagramPort.bind(loopback)) {
            ByteBuffer into = ByteBuffer.allocate(100);
            for (int batch = 0; batch < DATAGRAMS / BATCH; batch++) {
                for (int i = 1; i <= BATCH; i++) {
                    sender.send(PacketCodec.encode(new Ack(batch * BATCH + i)), receiver.localAddress());
                }
                // The counts say how many left the layer: wait for exactly those, so nothing
                // depends on timing, and the next batch finds an empty socket buffer.
                long expected = sender.counts(Direction.OUTBOUND).delivered();
                while (arrived.size() < expected) {
                    InetSocketAddress from = receiver.receive(into, TimeUnit.SECONDS.toNanos(5));
                    assertThat(from).as("datagram %d of %d arrived", arrived.size() + 1, expected).isNotNull();
                    assertThat(from).isEqualTo(sender.localAddress());
                    arrived.add(Classification.of(into).block());
                }
            }
            assertThat(sender.counts(Direction.OUTBOUND).seen()).isEqualTo(DATAGRAMS);
        }
        return arrived;
    }

    @Test
    void sameSeedDropsTheSameDatagramsOverRealSockets() throws IOException {
        List<Integer> first = blocksArriving(2024);
        List<Integer> second = blocksArriving(2024);

        assertThat(second).isEqualTo(first);
        assertThat(first.size()).isBetween(800, 960); // about 10 % dropped
        assertThat(blocksArriving(2025)).isNotEqualTo(first);
    }
}
