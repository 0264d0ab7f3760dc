package netdisk.udp.impair;

import static netdisk.udp.impair.Wire.ack;
import static netdisk.udp.impair.Wire.data;
import static netdisk.udp.impair.Wire.drain;
import static netdisk.udp.impair.Wire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import netdisk.udp.io.DatagramPort;
import org.junit.jupiter.api.Test;

class InMemoryDatagramNetworkTest {

    private final InMemoryDatagramNetwork network = new InMemoryDatagramNetwork();

    @Test
    void deliversADatagramWithTheSendersAddress() throws IOException {
        try (DatagramPort a = network.bind(); DatagramPort b = network.bind()) {
            send(a, b, data(1, 100));
            ByteBuffer into = ByteBuffer.allocate(512);

            assertThat(b.receive(into, TimeUnit.SECONDS.toNanos(1))).isEqualTo(a.localAddress());
            assertThat(Wire.bytes(into)).isEqualTo(data(1, 100));
        }
    }

    @Test
    void picksFreeEphemeralPortsAndRefusesATakenOne() throws IOException {
        try (DatagramPort server = network.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6969));
             DatagramPort a = network.bind();
             DatagramPort b = network.bind()) {

            assertThat(server.localAddress().getPort()).isEqualTo(6969);
            assertThat(a.localAddress().getPort()).isGreaterThanOrEqualTo(49152).isNotEqualTo(b.localAddress().getPort());
            assertThatThrownBy(() -> network.bind(new InetSocketAddress(6969))).isInstanceOf(BindException.class);
        }
    }

    @Test
    void aClosedPortsNumberCanBeBoundAgain() throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6969);
        network.bind(address).close();
        try (DatagramPort again = network.bind(address)) {
            assertThat(again.localAddress()).isEqualTo(address);
        }
    }

    @Test
    void aPortBoundToTheWildcardSendsFromLoopback() throws IOException {
        try (DatagramPort server = network.bind(new InetSocketAddress(6969)); DatagramPort client = network.bind()) {
            send(server, client, ack(0));

            assertThat(client.receive(ByteBuffer.allocate(10), 0))
                    .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6969));
        }
    }

    @Test
    void losesDatagramsToAPortNobodyHolds() throws IOException {
        try (DatagramPort a = network.bind()) {
            a.send(ByteBuffer.wrap(ack(1)), new InetSocketAddress(InetAddress.getLoopbackAddress(), 7));
            assertThat(network.lost()).isEqualTo(1);
        }
    }

    @Test
    void losesDatagramsBeyondTheQueueLimit() throws IOException {
        InMemoryDatagramNetwork small = new InMemoryDatagramNetwork(2);
        try (DatagramPort a = small.bind(); DatagramPort b = small.bind()) {
            send(a, b, ack(1), ack(2), ack(3));

            assertThat(drain(b)).containsExactly(ack(1), ack(2));
            assertThat(small.lost()).isEqualTo(1);
        }
    }

    @Test
    void cutsADatagramToTheReceiveBuffer() throws IOException {
        try (DatagramPort a = network.bind(); DatagramPort b = network.bind()) {
            send(a, b, data(1, 100));
            ByteBuffer small = ByteBuffer.allocate(10);

            b.receive(small, 0);
            assertThat(Wire.bytes(small)).isEqualTo(Arrays.copyOf(data(1, 100), 10));
        }
    }

    @Test
    void refusesADatagramLargerThanUdpAllows() throws IOException {
        try (DatagramPort a = network.bind(); DatagramPort b = network.bind()) {
            assertThatThrownBy(() -> a.send(ByteBuffer.allocate(65_508), b.localAddress()))
                    .isInstanceOf(SocketException.class);
        }
    }

    @Test
    void receiveTimesOutWhenNothingComes() throws IOException {
        try (DatagramPort a = network.bind()) {
            long start = System.nanoTime();
            assertThat(a.receive(ByteBuffer.allocate(10), TimeUnit.MILLISECONDS.toNanos(50))).isNull();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
        }
    }

    @Test
    void closeWakesABlockedReceiveAndLaterCallsFail() throws Exception {
        DatagramPort a = network.bind();
        CompletableFuture<InetSocketAddress> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return a.receive(ByteBuffer.allocate(10), TimeUnit.SECONDS.toNanos(30));
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        Thread.sleep(50);
        a.close();

        assertThat(blocked).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> a.send(ByteBuffer.wrap(ack(1)), a.localAddress())).isInstanceOf(ClosedChannelException.class);
    }
}
