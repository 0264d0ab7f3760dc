package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import netdisk.udp.io.DatagramPort;
import org.junit.jupiter.api.Test;

/** Single-port mode's routing by client address and port, below the server: no socket, no thread but the test's. */
class SinglePortDemuxTest {

    private static final InetAddress HOST = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress ALICE = new InetSocketAddress(HOST, 40_001);
    /** The same host as {@link #ALICE}, another port: another client as far as TIDs go. */
    private static final InetSocketAddress ALICE_OTHER_PORT = new InetSocketAddress(HOST, 40_002);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.2", 40_001);

    private final SharedPort shared = new SharedPort();
    private final SinglePortDemux demux = new SinglePortDemux(shared);
    private final ByteBuffer into = ByteBuffer.allocate(100);

    @Test
    void routesEachDatagramByItsClientsAddressAndPort() throws IOException {
        DemuxedPort alice = demux.open(ALICE);
        DemuxedPort aliceOther = demux.open(ALICE_OTHER_PORT);
        DemuxedPort bob = demux.open(BOB);

        assertThat(demux.deliver(BOB, datagram(3))).isTrue();
        assertThat(demux.deliver(ALICE, datagram(1))).isTrue();
        assertThat(demux.deliver(ALICE_OTHER_PORT, datagram(2))).isTrue();

        assertThat(received(alice)).containsExactly(1);
        assertThat(received(aliceOther)).containsExactly(2);
        assertThat(received(bob)).containsExactly(3);
        assertThat(alice.receive(into, 0)).as("nothing more for alice").isNull();
    }

    @Test
    void aDatagramFromAnAddressAndPortWithoutATransferIsLeftToTheCaller() {
        demux.open(ALICE);

        assertThat(demux.deliver(ALICE_OTHER_PORT, datagram(1))).as("a foreign port of the same host").isFalse();
        assertThat(demux.deliver(BOB, datagram(1))).as("another host").isFalse();
    }

    @Test
    void everyDatagramReceivedNamesTheClientAndKeepsItsOrder() throws IOException {
        DemuxedPort alice = demux.open(ALICE);
        for (int i = 1; i <= 5; i++) {
            demux.deliver(ALICE, datagram(i));
        }

        for (int i = 1; i <= 5; i++) {
            assertThat(alice.receive(into, 0)).isEqualTo(ALICE);
            assertThat(into.get(0)).isEqualTo((byte) i);
        }
    }

    @Test
    void sendsLeaveThroughTheWellKnownPortToTheirTarget() throws IOException {
        DemuxedPort alice = demux.open(ALICE);

        alice.send(datagram(7, 8), ALICE);
        alice.send(datagram(9), BOB);

        assertThat(shared.sent).extracting(Sent::target).containsExactly(ALICE, BOB);
        assertThat(shared.sent.getFirst().bytes()).containsExactly(7, 8);
        assertThat(alice.localAddress()).as("what the client sees as the server's TID").isEqualTo(shared.localAddress());
    }

    @Test
    void theQueueIsBoundedInDatagramsAndTheRestIsDropped() throws IOException {
        SinglePortDemux small = new SinglePortDemux(shared, 3, 1000);
        DemuxedPort alice = small.open(ALICE);
        for (int i = 1; i <= 5; i++) {
            assertThat(small.deliver(ALICE, datagram(i))).as("still alice's, queued or not").isTrue();
        }

        assertThat(alice.dropped()).isEqualTo(2);
        assertThat(received(alice)).containsExactly(1, 2, 3);
        small.deliver(ALICE, datagram(6));
        assertThat(received(alice)).as("room again once taken").containsExactly(6);
    }

    @Test
    void theQueueIsBoundedInBytes() throws IOException {
        SinglePortDemux small = new SinglePortDemux(shared, 100, 10);
        DemuxedPort alice = small.open(ALICE);

        small.deliver(ALICE, ByteBuffer.allocate(6));
        small.deliver(ALICE, ByteBuffer.allocate(5)); // 11 bytes: over
        small.deliver(ALICE, ByteBuffer.allocate(4)); // 10: fits

        assertThat(alice.dropped()).isEqualTo(1);
        assertThat(alice.queued()).isEqualTo(2);
    }

    @Test
    void aDatagramIsCopiedOnceAndTheListenersBufferLeftAsItWas() throws IOException {
        DemuxedPort alice = demux.open(ALICE);
        ByteBuffer buffer = ByteBuffer.allocate(64);
        buffer.put(new byte[] {1, 2, 3}).flip();

        demux.deliver(ALICE, buffer);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(3);
        buffer.put(0, (byte) 99); // the listener reuses its buffer for the next datagram

        alice.receive(into, 0);
        byte[] got = new byte[into.remaining()];
        into.get(got);
        assertThat(got).containsExactly(1, 2, 3);
    }

    @Test
    void aDatagramLongerThanTheReceiveBufferIsCutToIt() throws IOException {
        DemuxedPort alice = demux.open(ALICE);
        demux.deliver(ALICE, datagram(1, 2, 3, 4));

        ByteBuffer two = ByteBuffer.allocate(2);
        alice.receive(two, 0);
        assertThat(two.remaining()).isEqualTo(2);
    }

    @Test
    void aReceiveWithNothingQueuedTimesOut() throws IOException {
        DemuxedPort alice = demux.open(ALICE);

        assertThat(alice.receive(into, TimeUnit.MILLISECONDS.toNanos(5))).isNull();
    }

    @Test
    void closingRemovesTheEntryAndEndsTheTransfersUseOfThePort() {
        DemuxedPort alice = demux.open(ALICE);
        demux.deliver(ALICE, datagram(1));

        alice.close();

        assertThat(demux.size()).isZero();
        assertThat(demux.deliver(ALICE, datagram(2))).as("no transfer for alice any more").isFalse();
        assertThatThrownBy(() -> alice.receive(into, 0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> alice.send(datagram(3), ALICE)).isInstanceOf(ClosedChannelException.class);
        assertThat(shared.sent).isEmpty();
    }

    @Test
    void closingWakesAReceiveBlockedOnAnotherThread() throws Exception {
        DemuxedPort alice = demux.open(ALICE);
        CompletableFuture<Throwable> blocked = new CompletableFuture<>();
        Thread receiver = Thread.ofPlatform().start(() -> {
            try {
                alice.receive(ByteBuffer.allocate(10), TimeUnit.SECONDS.toNanos(30));
                blocked.complete(null);
            } catch (Throwable t) {
                blocked.complete(t);
            }
        });

        alice.close(); // before or during the receive: either way it ends, now

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
        receiver.join();
    }

    @Test
    void aReceiveBlockedOnAnotherThreadWakesForADatagram() throws Exception {
        DemuxedPort alice = demux.open(ALICE);
        CompletableFuture<InetSocketAddress> from = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                from.complete(alice.receive(ByteBuffer.allocate(10), TimeUnit.SECONDS.toNanos(30)));
            } catch (Throwable t) {
                from.completeExceptionally(t);
            }
        });

        demux.deliver(ALICE, datagram(1));

        assertThat(from.get(10, TimeUnit.SECONDS)).isEqualTo(ALICE);
    }

    @Test
    void aNewTransferOfTheSameClientSupersedesTheOldOne() throws IOException {
        DemuxedPort old = demux.open(ALICE);
        demux.deliver(ALICE, datagram(1)); // came before the new request: the old transfer's

        DemuxedPort current = demux.open(ALICE);
        demux.deliver(ALICE, datagram(2));

        assertThat(old.superseded()).isTrue();
        assertThat(old.supersededAndDrained()).as("its last datagram still to read").isFalse();
        assertThat(received(old)).as("only what came before the new request").containsExactly(1);
        assertThat(old.supersededAndDrained()).isTrue();
        assertThat(current.supersededAndDrained()).isFalse();
        assertThat(received(current)).containsExactly(2);
        old.send(datagram(9), ALICE);
        assertThat(shared.sent).as("the old transfer's sends would look like the new one's").isEmpty();
        current.send(datagram(8), ALICE);
        assertThat(shared.sent).hasSize(1);

        old.close();
        assertThat(demux.deliver(ALICE, datagram(3))).as("the old one's close leaves the new entry").isTrue();
        assertThat(received(current)).containsExactly(3);
    }

    @Test
    void closeAllEndsEveryPort() {
        DemuxedPort alice = demux.open(ALICE);
        DemuxedPort bob = demux.open(BOB);

        demux.closeAll();

        assertThat(demux.size()).isZero();
        assertThatThrownBy(() -> alice.receive(into, 0)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> bob.receive(into, 0)).isInstanceOf(ClosedChannelException.class);
    }

    private static ByteBuffer datagram(int... bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int b : bytes) {
            buffer.put((byte) b);
        }
        return buffer.flip();
    }

    /** The first byte of every datagram queued for {@code port}, in order. */
    private List<Integer> received(DemuxedPort port) throws IOException {
        List<Integer> firsts = new ArrayList<>();
        while (port.receive(into, 0) != null) {
            firsts.add(into.remaining() == 0 ? -1 : Byte.toUnsignedInt(into.get(0)));
        }
        return firsts;
    }

    private record Sent(byte[] bytes, InetSocketAddress target) {}

    /** The well-known port, recording what goes out of it. */
    private static final class SharedPort implements DatagramPort {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void send(ByteBuffer datagram, InetSocketAddress target) {
            byte[] bytes = new byte[datagram.remaining()];
            datagram.get(bytes);
            sent.add(new Sent(bytes, target));
        }

        @Override
        public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) {
            return null;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress(HOST, 6969);
        }

        @Override
        public void close() {
        }
    }
}
