package netdisk.udp.io;

import static netdisk.udp.TestData.randomBytes;
import static netdisk.udp.TestData.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.transfer.Reaction;
import netdisk.udp.transfer.Receiver;
import netdisk.udp.transfer.TransferCounters;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many sessions on one reactor thread over real loopback sockets: each upload lands in its own
 * sink byte for byte, timers fire, a cancellation and a machine's exception end only their own
 * transfer, and closing the reactor leaves no owner waiting. The peers are raw sockets playing
 * an RFC 1350 lockstep writer.
 */
@Timeout(30)
class TransferReactorTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Quick: a 10 ms floor, and a silent peer given up after 400 ms. */
    private static final RetransmitPolicy QUICK = new RetransmitPolicy(
            Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(400), 2);

    private TransferReactor reactor;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        reactor = TransferReactor.start("test-reactor");
    }

    @AfterEach
    void stop() throws Exception {
        reactor.close();
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** The server side of one write: a receiver on its own port, answering with ACK 0. */
    private final class Upload {
        final ChannelDatagramPort port;
        final DatagramSocket peer;
        final ByteArrayBlockSink sink = new ByteArrayBlockSink();
        final TransferSession session;

        Upload() throws IOException {
            this(machine -> machine);
        }

        Upload(java.util.function.UnaryOperator<TransferMachine> wrap) throws IOException {
            port = ChannelDatagramPort.bind(new InetSocketAddress(LOOPBACK, 0));
            peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            peer.setSoTimeout(5_000);
            opened.add(port);
            opened.add(peer);
            TransferMachine receiver = Receiver.answeringWrite(sink, new Ack(0), TransferParameters.RFC1350, QUICK, null);
            session = TransferSession.withPeer(port, wrap.apply(receiver),
                    (InetSocketAddress) peer.getLocalSocketAddress(), System::nanoTime);
        }

        Packet receive() throws IOException {
            byte[] buffer = new byte[PacketCodec.MAX_PACKET_SIZE];
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            peer.receive(datagram);
            try {
                return PacketCodec.decode(Arrays.copyOf(buffer, datagram.getLength()));
            } catch (MalformedPacketException e) {
                throw new AssertionError("the reactor sent an undecodable datagram", e);
            }
        }

        void send(Packet packet) throws IOException {
            byte[] bytes = PacketCodec.toBytes(packet);
            peer.send(new DatagramPacket(bytes, bytes.length, port.localAddress()));
        }

        /** Plays the writer: waits for ACK n, sends DATA n+1, until a short block is acknowledged. */
        void write(byte[] content) throws IOException {
            int blocks = content.length / 512 + 1;
            expectAck(0);
            for (int block = 1; block <= blocks; block++) {
                int from = (block - 1) * 512;
                byte[] payload = Arrays.copyOfRange(content, from, Math.min(content.length, from + 512));
                send(new Data(block, ByteBuffer.wrap(payload)));
                expectAck(block);
            }
        }

        /** Takes ACKs until ACK {@code block} (earlier ones are retransmissions the timers may send). */
        private void expectAck(int block) throws IOException {
            while (true) {
                Packet packet = receive();
                assertThat(packet).isInstanceOf(Ack.class);
                if (((Ack) packet).block() == (block & 0xFFFF)) {
                    return;
                }
            }
        }
    }

    @Test
    void sixteenUploadsAtOnceOnOneThreadEachLandWholeInTheirOwnSink() throws Exception {
        List<Upload> uploads = new ArrayList<>();
        List<TransferReactor.Running> running = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Upload upload = new Upload();
            byte[] content = randomBytes(20_000 + i * 777, i);
            uploads.add(upload);
            contents.add(content);
            running.add(reactor.submit(upload.port, upload.session, () -> false));
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    upload.write(content);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, command -> Thread.ofPlatform().daemon(true).start(command)));
        }
        for (int i = 0; i < uploads.size(); i++) {
            writers.get(i).get(20, TimeUnit.SECONDS);
            TransferOutcome outcome = running.get(i).outcome();
            assertThat(outcome.succeeded()).as("upload %d: %s", i, outcome.failure()).isTrue();
            assertThat(sha256(uploads.get(i).sink.bytes())).as("upload %d", i).isEqualTo(sha256(contents.get(i)));
        }
        assertThat(reactor.load()).isZero();
    }

    @Test
    void aPeerThatNeverAnswersIsAskedAgainByTheTimerThenGivenUp() throws Exception {
        Upload upload = new Upload();
        TransferReactor.Running running = reactor.submit(upload.port, upload.session, () -> false);

        List<Packet> got = new ArrayList<>();
        upload.peer.setSoTimeout(2_000);
        try {
            while (true) {
                got.add(upload.receive());
            }
        } catch (SocketTimeoutException expected) {
            // the reactor gave up: nothing more comes
        }
        TransferOutcome outcome = running.outcome();
        long acks = got.stream().filter(new Ack(0)::equals).count();
        assertThat(acks).as("ACK 0 and its retransmissions: %s", got).isGreaterThan(1);
        assertThat(got.subList(0, (int) acks)).as("the ACKs come first, then at most a last word").containsOnly(new Ack(0));
        assertThat(got.size() - acks).isLessThanOrEqualTo(1);
        assertThat(outcome.failure().kind()).isEqualTo(TransferFailure.Kind.TIMEOUT);
        assertThat(outcome.statistics().retransmissions()).isEqualTo(acks - 1);
    }

    @Test
    void aCancelledSessionTellsItsPeerWithErrorZero() throws Exception {
        Upload upload = new Upload();
        AtomicBoolean cancelled = new AtomicBoolean();
        TransferReactor.Running running = reactor.submit(upload.port, upload.session, cancelled::get);
        assertThat(upload.receive()).isEqualTo(new Ack(0));

        cancelled.set(true);
        Packet last;
        do {
            last = upload.receive(); // a timer may resend ACK 0 before the cancellation is seen
        } while (last instanceof Ack);
        assertThat(last).isInstanceOfSatisfying(ErrorPacket.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_DEFINED.code()));
        assertThat(running.outcome().failure().kind()).isEqualTo(TransferFailure.Kind.CANCELLED);
    }

    @Test
    void aMachineThatThrowsEndsOnlyItsOwnTransferAndItsOwnerSeesTheException() throws Exception {
        Upload broken = new Upload(ThrowingOnPacket::new);
        Upload healthy = new Upload();
        byte[] content = randomBytes(5_000, 7);
        TransferReactor.Running brokenRun = reactor.submit(broken.port, broken.session, () -> false);
        TransferReactor.Running healthyRun = reactor.submit(healthy.port, healthy.session, () -> false);

        assertThat(broken.receive()).isEqualTo(new Ack(0));
        broken.send(new Data(1, ByteBuffer.wrap(new byte[10])));
        assertThatThrownBy(brokenRun::outcome).isInstanceOf(IllegalStateException.class).hasMessage("a bug");

        healthy.write(content);
        assertThat(healthyRun.outcome().succeeded()).isTrue();
        assertThat(sha256(healthy.sink.bytes())).isEqualTo(sha256(content));
    }

    @Test
    void closingTheReactorEndsWhatRunsAndWhatComesAfter() throws Exception {
        Upload first = new Upload();
        TransferReactor.Running running = reactor.submit(first.port, first.session, () -> false);
        assertThat(first.receive()).isEqualTo(new Ack(0));

        reactor.close();
        assertThat(running.outcome().failure().kind()).isEqualTo(TransferFailure.Kind.CANCELLED);
        Upload late = new Upload();
        TransferOutcome lateOutcome = reactor.submit(late.port, late.session, () -> false).outcome();
        assertThat(lateOutcome.failure().kind()).isEqualTo(TransferFailure.Kind.CANCELLED);
        assertThat(reactor.load()).isZero();
    }

    @Test
    void aPortNoSelectorCanWatchIsNotTaken() throws IOException {
        DatagramPort simulated = new DatagramPort() {
            @Override
            public void send(ByteBuffer datagram, InetSocketAddress target) {}

            @Override
            public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) {
                return null;
            }

            @Override
            public InetSocketAddress localAddress() {
                return new InetSocketAddress(LOOPBACK, 1);
            }

            @Override
            public void close() {}
        };
        Upload any = new Upload();
        assertThat(TransferReactor.canRun(simulated)).isFalse();
        assertThat(TransferReactor.canRun(any.port)).isTrue();
        assertThatThrownBy(() -> reactor.submit(simulated, any.session, () -> false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(simulated.selectableChannel()).isEqualTo(Optional.empty());
    }

    /** A machine with a bug: it throws on the first packet. */
    private record ThrowingOnPacket(TransferMachine inner) implements TransferMachine {
        @Override
        public Reaction start(long now) {
            return inner.start(now);
        }

        @Override
        public Reaction onPacket(Packet packet, long now) {
            throw new IllegalStateException("a bug");
        }

        @Override
        public Reaction onTimeout(long now) {
            return inner.onTimeout(now);
        }

        @Override
        public TransferCounters counters() {
            return inner.counters();
        }

        @Override
        public long smoothedRttNanos() {
            return inner.smoothedRttNanos();
        }

        @Override
        public boolean finalBlockPassed() {
            return inner.finalBlockPassed();
        }
    }
}
