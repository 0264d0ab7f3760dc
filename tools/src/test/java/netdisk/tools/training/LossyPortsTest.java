package netdisk.tools.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.DatagramPortFactory;
import org.junit.jupiter.api.Test;

/** The training's lossy ports lose exactly every n-th datagram each way, and nothing else. */
class LossyPortsTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long WAIT = TimeUnit.MILLISECONDS.toNanos(200);

    @Test
    void everyThirdSentDatagramIsLost() throws IOException {
        try (DatagramPort lossy = new LossyPorts(1000, 3).open(LOOPBACK);
                DatagramPort peer = DatagramPortFactory.udp().open(LOOPBACK)) {
            for (int i = 1; i <= 7; i++) {
                lossy.send(ByteBuffer.wrap(new byte[] {(byte) i}), peer.localAddress());
            }
            assertThat(drain(peer)).containsExactly(1, 2, 4, 5, 7);
        }
    }

    @Test
    void everyThirdReceivedDatagramIsLost() throws IOException {
        try (DatagramPort lossy = new LossyPorts(3, 1000).open(LOOPBACK);
                DatagramPort peer = DatagramPortFactory.udp().open(LOOPBACK)) {
            for (int i = 1; i <= 7; i++) {
                peer.send(ByteBuffer.wrap(new byte[] {(byte) i}), lossy.localAddress());
            }
            assertThat(drain(lossy)).containsExactly(1, 2, 4, 5, 7);
        }
    }

    @Test
    void aPortThatWouldLoseEverythingIsRefused() {
        assertThatThrownBy(() -> new LossyPorts(1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> drain(DatagramPort port) throws IOException {
        List<Integer> got = new ArrayList<>();
        ByteBuffer into = ByteBuffer.allocate(16);
        while (port.receive(into, WAIT) != null) {
            got.add((int) into.get(0));
        }
        return got;
    }
}
