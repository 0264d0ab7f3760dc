package netdisk.udp.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Packet;
import netdisk.udp.packet.PacketCodec;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.transfer.Receiver;
import netdisk.udp.transfer.TransferFailure;
import org.junit.jupiter.api.Test;

/**
 * The loop around a machine (spec/protocol.md sections 1, 4.7 and 5.2): transfer IDs, strangers,
 * malformed datagrams. A scripted port plays the network and a fake clock moves only while the
 * loop waits.
 */
class TransferLoopTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress SERVER = new InetSocketAddress(LOOPBACK, 6969);
    private static final InetSocketAddress SERVER_TID = new InetSocketAddress(LOOPBACK, 40_000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress(LOOPBACK, 40_001);

    private record Sent(Packet packet, InetSocketAddress to) {}

    /** A port that records what the loop sends; subclasses say what it receives. */
    private abstract static class RecordingPort implements DatagramPort {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void send(ByteBuffer datagram, InetSocketAddress target) {
            byte[] bytes = new byte[datagram.remaining()];
            datagram.get(bytes);
            try {
                sent.add(new Sent(PacketCodec.decode(bytes), target));
            } catch (MalformedPacketException e) {
                throw new AssertionError("the loop sent an undecodable datagram", e);
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress(LOOPBACK, 50_000);
        }

        @Override
        public void close() {}
    }

    /** Delivers queued datagrams in order; when none is left, time passes as the loop waits. */
    private static final class ScriptedPort extends RecordingPort {
        final AtomicLong clock = new AtomicLong(1_000_000_000L);
        final ArrayDeque<Object[]> inbox = new ArrayDeque<>();

        ScriptedPort deliver(byte[] datagram, InetSocketAddress from) {
            inbox.add(new Object[] {datagram, from});
            return this;
        }

        ScriptedPort deliver(Packet packet, InetSocketAddress from) {
            return deliver(PacketCodec.toBytes(packet), from);
        }

        @Override
        public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) {
            Object[] next = inbox.poll();
            if (next == null) {
                clock.addAndGet(Math.max(1, timeoutNanos));
                return null;
            }
            into.clear();
            into.put((byte[]) next[0]);
            into.flip();
            return (InetSocketAddress) next[1];
        }


        TransferOutcome runAgainstServer(Receiver receiver) {
            return new TransferLoop(this, clock::get, () -> false).runAgainstServer(receiver, SERVER);
        }
    }

    /** An OACK as the codec cannot build it: {@code name value} pairs, NUL-terminated. */
    private static byte[] rawOack(String... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(6);
        for (String s : namesAndValues) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static Receiver reading(ByteArrayBlockSink sink, TftpOptions options) {
        return Receiver.reading(sink, new ReadRequest("f", TransferMode.OCTET, options), RetransmitPolicy.DEFAULT,
                null);
    }

    @Test
    void refusesAnOackMalformedByAnOptionValueWithErrorEightToTheServersTransferPort() {
        ScriptedPort port = new ScriptedPort().deliver(rawOack("blksize", "7"), SERVER_TID);
        TransferOutcome outcome = port.runAgainstServer(reading(new ByteArrayBlockSink(), TftpOptions.of("blksize", "1024")));

        assertThat(outcome.failure().kind()).isEqualTo(TransferFailure.Kind.NEGOTIATION);
        assertThat(outcome.failure().code()).isEqualTo(ErrorCode.OPTION_NEGOTIATION.code());
        assertThat(port.sent).hasSize(2);
        assertThat(port.sent.get(0).to()).isEqualTo(SERVER);
        assertThat(port.sent.get(1).packet()).isInstanceOfSatisfying(ErrorPacket.class,
                e -> assertThat(e.code()).isEqualTo(8));
        assertThat(port.sent.get(1).to()).isEqualTo(SERVER_TID);
        assertThat(outcome.statistics().malformed()).isEqualTo(1);
    }

    @Test
    void ignoresAMalformedOackWhenTheRequestHadNoOptions() {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        ScriptedPort port = new ScriptedPort()
                .deliver(rawOack("blksize", "7"), SERVER_TID)
                .deliver(Data.of(1, new byte[] {1, 2, 3}), SERVER_TID);
        TransferOutcome outcome = port.runAgainstServer(reading(sink, TftpOptions.NONE));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(port.sent).extracting(Sent::packet)
                .containsExactly(new ReadRequest("f", TransferMode.OCTET), new Ack(1));
        assertThat(outcome.statistics().malformed()).isEqualTo(1);
        assertThat(sink.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void countsAndIgnoresAMalformedDatagramFromThePeer() {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        ScriptedPort port = new ScriptedPort()
                .deliver(Data.of(1, new byte[512]), SERVER_TID)
                .deliver(new byte[] {0, 4, 0}, SERVER_TID) // an ACK cut short: damaged
                .deliver(Data.of(2, new byte[] {9}), SERVER_TID);
        TransferOutcome outcome = port.runAgainstServer(reading(sink, TftpOptions.NONE));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(port.sent).extracting(Sent::packet)
                .containsExactly(new ReadRequest("f", TransferMode.OCTET), new Ack(1), new Ack(2));
        assertThat(outcome.statistics().malformed()).isEqualTo(1);
    }

    @Test
    void answersAStrangerWithErrorFiveAndGoesOn() {
        ByteArrayBlockSink sink = new ByteArrayBlockSink();
        ScriptedPort port = new ScriptedPort()
                .deliver(Data.of(1, new byte[512]), SERVER_TID)
                .deliver(Data.of(2, new byte[] {7}), STRANGER)
                .deliver(new ErrorPacket(ErrorCode.NOT_DEFINED, "x"), STRANGER) // never answered
                .deliver(new byte[] {0, 5}, STRANGER) // a malformed ERROR: not answered either
                .deliver(Data.of(2, new byte[] {9}), SERVER_TID);
        TransferOutcome outcome = port.runAgainstServer(reading(sink, TftpOptions.NONE));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(port.sent).containsExactly(
                new Sent(new ReadRequest("f", TransferMode.OCTET), SERVER),
                new Sent(new Ack(1), SERVER_TID),
                new Sent(new ErrorPacket(ErrorCode.UNKNOWN_TRANSFER_ID, "unknown transfer ID"), STRANGER),
                new Sent(new Ack(2), SERVER_TID));
        assertThat(outcome.statistics().strays()).isEqualTo(3);
        assertThat(sink.bytes()).hasSize(513).endsWith(9);
    }

    @Test
    void learnsTheServersPortFromTheFirstReplyFromItsAddress() {
        InetSocketAddress elsewhere = new InetSocketAddress("127.0.0.2", 40_000);
        ScriptedPort port = new ScriptedPort()
                .deliver(Data.of(1, new byte[] {5}), elsewhere) // another host: a stranger
                .deliver(Data.of(1, new byte[] {1}), SERVER_TID);
        TransferOutcome outcome = port.runAgainstServer(reading(new ByteArrayBlockSink(), TftpOptions.NONE));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(port.sent.get(1).to()).isEqualTo(elsewhere);
        assertThat(port.sent.get(1).packet()).isInstanceOf(ErrorPacket.class);
        assertThat(port.sent.get(2)).isEqualTo(new Sent(new Ack(1), SERVER_TID));
    }

    /**
     * Datagrams that arrive at given times; a receive that times out leaves the thread asleep for
     * {@code lateness} more (descheduled on a loaded machine) before the loop runs again.
     */
    private static final class LatePort extends RecordingPort {
        final AtomicLong clock = new AtomicLong(1_000_000_000L);
        final java.util.TreeMap<Long, byte[]> arrivals = new java.util.TreeMap<>();
        final long lateness;

        LatePort(long lateness) {
            this.lateness = lateness;
        }

        @Override
        public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) {
            var next = arrivals.firstEntry();
            if (next == null || next.getKey() > clock.get() + timeoutNanos) {
                clock.addAndGet(Math.max(0, timeoutNanos) + (timeoutNanos > 0 ? lateness : 0));
                return null;
            }
            clock.set(Math.max(clock.get(), next.getKey()));
            arrivals.pollFirstEntry();
            into.clear();
            into.put(next.getValue());
            into.flip();
            return SERVER_TID;
        }

    }

    @Test
    void aTimerThatWakesLateLooksForTheAnswerBeforeItRetransmits() {
        // The request's timer is due 250 ms after it left; DATA 1 arrives 0.1 ms after that, while
        // this thread waits 5 ms more for a processor. The answer is queued when the loop looks:
        // it is taken, not answered by a second request.
        LatePort port = new LatePort(5_000_000);
        long start = port.clock.get();
        port.arrivals.put(start + 250_100_000L, PacketCodec.toBytes(Data.of(1, new byte[] {4})));
        TransferOutcome outcome = new TransferLoop(port, port.clock::get, () -> false)
                .runAgainstServer(Receiver.reading(new ByteArrayBlockSink(), new ReadRequest("f", TransferMode.OCTET),
                        RetransmitPolicy.DEFAULT, null), SERVER);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(port.sent).containsExactly(
                new Sent(new ReadRequest("f", TransferMode.OCTET), SERVER),
                new Sent(new Ack(1), SERVER_TID));
        assertThat(outcome.statistics().timeouts()).isZero();
    }

    @Test
    void aStreamOfDatagramsCannotHoldADueTimerOff() {
        // From 100 ms on, a datagram is always waiting (a wrong block, ignored before block 1
        // has come); a due timer still fires after at most 64 of them, and the request goes again.
        long[] clock = {1_000_000_000L};
        long floodFrom = clock[0] + 100_000_000L;
        int[] taken = {0};
        RecordingPort flood = new RecordingPort() {
            @Override
            public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) {
                if (clock[0] < floodFrom) {
                    clock[0] = Math.min(floodFrom, clock[0] + Math.max(1, timeoutNanos));
                    return null;
                }
                if (++taken[0] > 1_000_000) {
                    throw new AssertionError("the timer never fired");
                }
                clock[0] += 1_000; // one datagram per microsecond
                into.clear();
                into.put(PacketCodec.toBytes(Data.of(2, new byte[] {1})));
                into.flip();
                return SERVER_TID;
            }
        };
        TransferLoop loop = new TransferLoop(flood, () -> clock[0],
                () -> flood.sent.stream().filter(x -> x.packet() instanceof ReadRequest).count() >= 2);
        TransferOutcome outcome = loop.runAgainstServer(Receiver.reading(new ByteArrayBlockSink(),
                new ReadRequest("f", TransferMode.OCTET), RetransmitPolicy.DEFAULT, null), SERVER);
        assertThat(outcome.failure().kind()).as("stopped once the request went again").isEqualTo(
                netdisk.udp.transfer.TransferFailure.Kind.CANCELLED);
        // The request's timer was due at 250 ms: it fired within 65 datagrams (65 us) of that.
        assertThat(clock[0] - 1_000_000_000L).isBetween(250_000_000L, 250_000_000L + 66_000L);
    }
}
