package netdisk.udp.transfer;

import static netdisk.udp.transfer.Packets.T0;
import static netdisk.udp.transfer.Packets.continuing;
import static netdisk.udp.transfer.Packets.data;
import static netdisk.udp.transfer.Packets.failedWith;
import static netdisk.udp.transfer.Packets.file;
import static netdisk.udp.transfer.Packets.ms;
import static netdisk.udp.transfer.Packets.parameters;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.retransmit.RetransmitPolicy;
import org.junit.jupiter.api.Test;

/**
 * The receiver state machine alone (spec/protocol.md section 9, and the client's side of 5.2),
 * driven with a fake clock: every test asserts the exact packets of each reaction.
 */
class ReceiverTest {

    /** The default policy, but starting at RFC 6298's 1 s: the numbers below are worked out from it. */
    private static final RetransmitPolicy POLICY = RetransmitPolicy.DEFAULT.withInitialTimeout(java.time.Duration.ofSeconds(1));
    private static final long SECOND = ms(1000);

    private final ByteArrayBlockSink sink = new ByteArrayBlockSink();

    /** A server that answered a plain WRQ with ACK 0. */
    private Receiver plainWrite(TransferParameters parameters) {
        return Receiver.answeringWrite(sink, new Ack(0), parameters, POLICY, null);
    }

    /** A server that answered a WRQ asking windowsize {@code w} with an OACK. */
    private Receiver windowedWrite(int windowSize) {
        OptionAck oack = new OptionAck(TftpOptions.of("windowsize", Integer.toString(windowSize)));
        return Receiver.answeringWrite(sink, oack, parameters(512, windowSize), POLICY, null);
    }

    private static Reaction.Continue nothingSent(Reaction reaction) {
        Reaction.Continue next = continuing(reaction);
        assertThat(next.send()).isEmpty();
        return next;
    }

    // ------------------------------------------------------------------ acknowledging

    @Test
    void acksEveryWindowSizeBlocksAndTheFinalShortBlock() {
        byte[] file = file(512 * 9 + 100);
        Receiver receiver = windowedWrite(4);
        assertThat(receiver.start(T0).send()).containsExactly(new OptionAck(TftpOptions.of("windowsize", "4")));
        long now = T0;
        for (long block = 1; block <= 9; block++) {
            Reaction reaction = receiver.onPacket(data(file, block, 512), now += ms(1));
            if (block % 4 == 0) {
                assertThat(reaction.send()).as("after block %d", block).containsExactly(new Ack((int) block));
            } else {
                assertThat(reaction.send()).as("after block %d", block).isEmpty();
            }
        }
        Reaction end = receiver.onPacket(data(file, 10, 512), now + ms(1));
        assertThat(end).isInstanceOf(Reaction.Finished.class);
        assertThat(end.send()).containsExactly(new Ack(10));
        assertThat(sink.isCompleted()).isTrue();
        assertThat(sink.bytes()).isEqualTo(file);
    }

    @Test
    void answersGapOnceNotPerPacket() {
        byte[] file = file(512 * 20);
        Receiver receiver = windowedWrite(8);
        receiver.start(T0);
        nothingSent(receiver.onPacket(data(file, 1, 512), T0 + 1));
        nothingSent(receiver.onPacket(data(file, 2, 512), T0 + 2));
        // Block 3 lost: the first block after the gap is answered with ACK 2 ...
        assertThat(receiver.onPacket(data(file, 4, 512), T0 + 3).send()).containsExactly(new Ack(2));
        // ... and the rest of the window, or an old duplicate, is not answered again.
        nothingSent(receiver.onPacket(data(file, 5, 512), T0 + 4));
        nothingSent(receiver.onPacket(data(file, 6, 512), T0 + 5));
        nothingSent(receiver.onPacket(data(file, 2, 512), T0 + 6));
        // The sender restarts at 3; the next ACK comes a full window after ACK 2, at 10.
        long now = T0 + 6;
        for (long block = 3; block <= 9; block++) {
            nothingSent(receiver.onPacket(data(file, block, 512), now += 1));
        }
        assertThat(receiver.onPacket(data(file, 10, 512), now + 1).send()).containsExactly(new Ack(10));
    }

    /**
     * The sender restarted after our answer to a gap and lost the same block again: its new
     * window is answered again, once. Answering a gap only once left every repeated loss of one
     * block to the timers.
     */
    @Test
    void aGapStillOpenAfterTheSenderWentBackIsAnsweredAgainOncePerWindow() {
        byte[] file = file(512 * 30);
        Receiver receiver = windowedWrite(8);
        receiver.start(T0);
        long now = T0;
        nothingSent(receiver.onPacket(data(file, 1, 512), now += 1));
        nothingSent(receiver.onPacket(data(file, 2, 512), now += 1));
        // Block 3 lost; 4..8 arrive: answered once.
        assertThat(receiver.onPacket(data(file, 4, 512), now += 1).send()).containsExactly(new Ack(2));
        for (long block = 5; block <= 8; block++) {
            nothingSent(receiver.onPacket(data(file, block, 512), now += 1));
        }
        // The sender goes back to 3, and 3 is lost again: 4 comes after 8, the sender went back.
        assertThat(receiver.onPacket(data(file, 4, 512), now += 1).send()).containsExactly(new Ack(2));
        for (long block = 5; block <= 10; block++) {
            nothingSent(receiver.onPacket(data(file, block, 512), now += 1));
        }
        // Its third try gets through; the ACK then comes a window after the last one, at 10.
        for (long block = 3; block <= 9; block++) {
            nothingSent(receiver.onPacket(data(file, block, 512), now += 1));
        }
        assertThat(receiver.onPacket(data(file, 10, 512), now + 1).send()).containsExactly(new Ack(10));
    }

    /**
     * The sender went back to the block after our ACK (RFC 7440 §4) while the rest of its old
     * window was still reaching us. Its copies of those blocks must not be answered: an ACK naming
     * a block inside its new window sends it back again, and so on, every window half resent.
     */
    @Test
    void doesNotAnswerCopiesOfBlocksThatFollowedOurLastAck() {
        byte[] file = file(512 * 20);
        Receiver receiver = windowedWrite(4);
        receiver.start(T0);
        nothingSent(receiver.onPacket(data(file, 1, 512), T0 + 1));
        Reaction.Continue waiting = nothingSent(receiver.onPacket(data(file, 2, 512), T0 + 2));
        // A pause (a slow disk) longer than our timeout: we ACK 2 while 3 and 4 are on their way.
        assertThat(receiver.onTimeout(waiting.deadline()).send()).containsExactly(new Ack(2));
        long now = waiting.deadline();
        nothingSent(receiver.onPacket(data(file, 3, 512), now += 1));
        nothingSent(receiver.onPacket(data(file, 4, 512), now += 1));
        // The sender, told 2, resends 3..6: the copies of 3 and 4 get no answer ...
        nothingSent(receiver.onPacket(data(file, 3, 512), now += 1));
        nothingSent(receiver.onPacket(data(file, 4, 512), now += 1));
        nothingSent(receiver.onPacket(data(file, 5, 512), now += 1));
        // ... and the ACK comes where the sender's window ends, so it sends 7..10 afresh.
        assertThat(receiver.onPacket(data(file, 6, 512), now += 1).send()).containsExactly(new Ack(6));
        for (long block = 7; block <= 9; block++) {
            nothingSent(receiver.onPacket(data(file, block, 512), now += 1));
        }
        assertThat(receiver.onPacket(data(file, 10, 512), now + 1).send()).containsExactly(new Ack(10));
        assertThat(receiver.counters().snapshot(0, -1).duplicates()).isEqualTo(2);
    }

    /** Copies of blocks we already acknowledged mean our ACK was lost: answered, once. */
    @Test
    void answersACopyOfAnAcknowledgedBlockOnce() {
        byte[] file = file(512 * 20);
        Receiver receiver = windowedWrite(4);
        receiver.start(T0);
        long now = T0;
        for (long block = 1; block <= 3; block++) {
            nothingSent(receiver.onPacket(data(file, block, 512), now += 1));
        }
        assertThat(receiver.onPacket(data(file, 4, 512), now += 1).send()).containsExactly(new Ack(4));
        // ACK 4 lost: the sender times out and resends 1..4.
        assertThat(receiver.onPacket(data(file, 1, 512), now += 1).send()).containsExactly(new Ack(4));
        nothingSent(receiver.onPacket(data(file, 2, 512), now += 1));
        nothingSent(receiver.onPacket(data(file, 3, 512), now += 1));
        nothingSent(receiver.onPacket(data(file, 4, 512), now += 1));
    }

    @Test
    void reAcksEveryDuplicateInLockstepThatCameAfterOurTimeout() {
        byte[] file = file(512 * 5);
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        assertThat(receiver.onPacket(data(file, 1, 512), T0 + 1).send()).containsExactly(new Ack(1));
        // A lockstep sender resends on its own timer and needs each such copy answered (RFC 1350);
        // copies that crossed our ACK on the wire are left alone (LockstepRepeatsTest).
        long later = T0 + 1 + POLICY.initialTimeout().toNanos() + 1;
        assertThat(receiver.onPacket(data(file, 1, 512), later).send()).containsExactly(new Ack(1));
        later += POLICY.initialTimeout().toNanos() + 1;
        assertThat(receiver.onPacket(data(file, 1, 512), later).send()).containsExactly(new Ack(1));
        assertThat(receiver.onPacket(data(file, 3, 512), later + POLICY.initialTimeout().toNanos() + 1).send())
                .containsExactly(new Ack(1));
        assertThat(receiver.counters().duplicates).isEqualTo(2);
    }

    @Test
    void reAcksRepeatedFinalBlockWhileDallying() {
        byte[] file = file(512 + 10);
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        receiver.onPacket(data(file, 1, 512), T0 + ms(1));
        Reaction end = receiver.onPacket(data(file, 2, 512), T0 + ms(2));
        assertThat(end).isInstanceOf(Reaction.Finished.class);
        assertThat(end.send()).containsExactly(new Ack(2));

        Reaction repeat = receiver.onPacket(data(file, 2, 512), T0 + ms(50));
        assertThat(repeat).isInstanceOf(Reaction.Finished.class);
        assertThat(repeat.send()).containsExactly(new Ack(2));
        // Anything else while dallying, an ERROR included, is ignored.
        assertThat(receiver.onPacket(data(file, 1, 512), T0 + ms(51))).isInstanceOfSatisfying(Reaction.Finished.class,
                f -> assertThat(f.send()).isEmpty());
        assertThat(receiver.onPacket(new ErrorPacket(0, "bye"), T0 + ms(52))).isInstanceOfSatisfying(
                Reaction.Finished.class, f -> assertThat(f.send()).isEmpty());
        assertThat(sink.isCompleted()).isTrue();
    }

    @Test
    void extendsDallyOnEachRepeat() {
        byte[] file = file(100);
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        // One sample of 10 ms: RTO 30 ms; dally = 8 x RTO = 240 ms after the final ACK.
        Reaction.Finished end = (Reaction.Finished) receiver.onPacket(data(file, 1, 512), T0 + ms(10));
        assertThat(end.dallyUntil()).isEqualTo(T0 + ms(250));

        // 100 ms after our final ACK the block comes again: stay max(240 ms, 3 x 100 ms) more.
        Reaction.Finished first = (Reaction.Finished) receiver.onPacket(data(file, 1, 512), T0 + ms(110));
        assertThat(first.dallyUntil()).isEqualTo(T0 + ms(110) + ms(300));
        // 200 ms later (the sender doubled its wait): 3 x 200 ms more.
        Reaction.Finished second = (Reaction.Finished) receiver.onPacket(data(file, 1, 512), T0 + ms(310));
        assertThat(second.dallyUntil()).isEqualTo(T0 + ms(310) + ms(600));
        // A quick repeat never shortens the dally.
        Reaction.Finished third = (Reaction.Finished) receiver.onPacket(data(file, 1, 512), T0 + ms(320));
        assertThat(third.dallyUntil()).isEqualTo(second.dallyUntil());
        assertThat(third.send()).containsExactly(new Ack(1));
    }

    // ------------------------------------------------------------------ damaged and illegal data

    @Test
    void ignoresShortBlockEndingBeforeTsizeThenFailsAfterThree() {
        byte[] file = file(1000);
        Receiver receiver = plainWrite(new TransferParameters(512, 1, Optional.empty(), 1000));
        receiver.start(T0);
        receiver.onPacket(data(file, 1, 512), T0 + 1);
        Data truncated = Data.of(2, new byte[100]); // ends at 612 of 1000 bytes
        Reaction.Continue first = nothingSent(receiver.onPacket(truncated, T0 + 2));
        Reaction.Continue second = nothingSent(receiver.onPacket(truncated, T0 + 3));
        assertThat(second.deadline()).as("ignored packets leave the timer alone").isEqualTo(first.deadline());
        failedWith(receiver.onPacket(truncated, T0 + 4), ErrorCode.NOT_DEFINED, TransferFailure.Kind.PROTOCOL);
        assertThat(sink.isAborted()).isTrue();
    }

    @Test
    void takesTheRealFinalBlockAfterAShortOneBeforeTsize() {
        byte[] file = file(1000);
        Receiver receiver = plainWrite(new TransferParameters(512, 1, Optional.empty(), 1000));
        receiver.start(T0);
        receiver.onPacket(data(file, 1, 512), T0 + 1);
        nothingSent(receiver.onPacket(Data.of(2, new byte[100]), T0 + 2));
        Reaction end = receiver.onPacket(data(file, 2, 512), T0 + 3);
        assertThat(end).isInstanceOf(Reaction.Finished.class);
        assertThat(end.send()).containsExactly(new Ack(2));
        assertThat(sink.bytes()).isEqualTo(file);
    }

    @Test
    void failsWithErrorFourOnDataLongerThanBlockSize() {
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        failedWith(receiver.onPacket(Data.of(1, new byte[513]), T0 + 1), ErrorCode.ILLEGAL_OPERATION,
                TransferFailure.Kind.PROTOCOL);
        assertThat(sink.isAborted()).isTrue();
    }

    @Test
    void failsWithErrorFourOnAnAck() {
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        failedWith(receiver.onPacket(new Ack(1), T0 + 1), ErrorCode.ILLEGAL_OPERATION, TransferFailure.Kind.PROTOCOL);
    }

    @Test
    void endsWithoutAnswerOnAnErrorAndDiscardsTheData() {
        byte[] file = file(2000);
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        receiver.onPacket(data(file, 1, 512), T0 + 1);
        Reaction reaction = receiver.onPacket(new ErrorPacket(3, "disk full"), T0 + 2);
        assertThat(reaction).isInstanceOfSatisfying(Reaction.Failed.class, f -> {
            assertThat(f.send()).isEmpty();
            assertThat(f.failure().kind()).isEqualTo(TransferFailure.Kind.REMOTE_ERROR);
        });
        assertThat(sink.isAborted()).isTrue();
    }

    // ------------------------------------------------------------------ client: request and OACK

    @Test
    void answersOackWithAckZeroAndRepeatsItForARepeatedOack() {
        byte[] file = file(3000);
        ReadRequest rrq = new ReadRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Receiver receiver = Receiver.reading(sink, rrq, POLICY, null);
        assertThat(receiver.start(T0).send()).containsExactly(rrq);
        OptionAck oack = new OptionAck(TftpOptions.of("blksize", "1024"));
        assertThat(receiver.onPacket(oack, T0 + ms(1)).send()).containsExactly(new Ack(0));
        // Our ACK 0 was lost and the server repeats its OACK: answer it again.
        assertThat(receiver.onPacket(oack, T0 + ms(2)).send()).containsExactly(new Ack(0));
        assertThat(receiver.onPacket(data(file, 1, 1024), T0 + ms(3)).send()).containsExactly(new Ack(1));
        // Once data flows, a late copy changes nothing; a different OACK is illegal.
        nothingSent(receiver.onPacket(oack, T0 + ms(4)));
        failedWith(receiver.onPacket(new OptionAck(TftpOptions.of("blksize", "512")), T0 + ms(5)),
                ErrorCode.ILLEGAL_OPERATION, TransferFailure.Kind.PROTOCOL);
    }

    @Test
    void refusesOackWithUnrequestedOption() {
        ReadRequest rrq = new ReadRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Receiver receiver = Receiver.reading(sink, rrq, POLICY, null);
        receiver.start(T0);
        OptionAck oack = new OptionAck(TftpOptions.of("blksize", "1024", "windowsize", "4"));
        failedWith(receiver.onPacket(oack, T0 + 1), ErrorCode.OPTION_NEGOTIATION, TransferFailure.Kind.NEGOTIATION);
    }

    @Test
    void refusesOackToARequestWithoutOptions() {
        Receiver receiver = Receiver.reading(sink, new ReadRequest("f", TransferMode.OCTET), POLICY, null);
        receiver.start(T0);
        failedWith(receiver.onPacket(new OptionAck(TftpOptions.of("blksize", "512")), T0 + 1),
                ErrorCode.OPTION_NEGOTIATION, TransferFailure.Kind.PROTOCOL);
    }

    @Test
    void refusesAnOackMalformedByAnOptionValueWithErrorEight() {
        var problem = new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_VALUE, "blksize 7");
        ReadRequest rrq = new ReadRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Receiver receiver = Receiver.reading(sink, rrq, POLICY, null);
        receiver.start(T0);
        Optional<Reaction> refusal = receiver.onMalformedOptionAck(problem, T0 + 1);
        assertThat(refusal).isPresent();
        failedWith(refusal.get(), ErrorCode.OPTION_NEGOTIATION, TransferFailure.Kind.NEGOTIATION);
    }

    @Test
    void ignoresAMalformedOackWhenNoneIsAwaited() {
        var problem = new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_VALUE, "blksize 7");
        // A request without options expects no OACK at all: a damaged datagram, ignored.
        Receiver plain = Receiver.reading(new ByteArrayBlockSink(), new ReadRequest("f", TransferMode.OCTET), POLICY,
                null);
        plain.start(T0);
        assertThat(plain.onMalformedOptionAck(problem, T0 + 1)).isEmpty();
        // After the OACK was accepted, neither.
        ReadRequest rrq = new ReadRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Receiver receiver = Receiver.reading(sink, rrq, POLICY, null);
        receiver.start(T0);
        receiver.onPacket(new OptionAck(TftpOptions.of("blksize", "1024")), T0 + 1);
        assertThat(receiver.onMalformedOptionAck(problem, T0 + 2)).isEmpty();
    }

    @Test
    void ignoresAFirstDataOtherThanBlockOneAndKeepsAsking() {
        ReadRequest rrq = new ReadRequest("f", TransferMode.OCTET);
        Receiver receiver = Receiver.reading(sink, rrq, POLICY, null);
        Reaction.Continue start = continuing(receiver.start(T0));
        Reaction.Continue ignored = nothingSent(receiver.onPacket(Data.of(2, new byte[512]), T0 + 1));
        assertThat(ignored.deadline()).isEqualTo(start.deadline());
        assertThat(receiver.onTimeout(start.deadline()).send()).containsExactly(rrq);
    }

    @Test
    void takesDataOneAsTheServerIgnoringTheOptions() {
        byte[] file = file(700);
        ReadRequest rrq = new ReadRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Receiver receiver = Receiver.reading(sink, rrq, POLICY, null);
        receiver.start(T0);
        // 512 bytes is a full block under the RFC 1350 defaults, not the end.
        assertThat(receiver.onPacket(data(file, 1, 512), T0 + 1).send()).containsExactly(new Ack(1));
        assertThat(receiver.parameters()).isEqualTo(TransferParameters.RFC1350);
    }

    // ------------------------------------------------------------------ timeouts

    @Test
    void resendsLastAckOnTimeoutWithBackoff() {
        byte[] file = file(2000);
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        Reaction.Continue acked = continuing(receiver.onPacket(data(file, 1, 512), T0 + ms(10)));
        Reaction.Continue again = continuing(receiver.onTimeout(acked.deadline()));
        assertThat(again.send()).containsExactly(new Ack(1));
        assertThat(again.deadline() - acked.deadline()).isEqualTo(ms(60));
    }

    @Test
    void resendsOackOnTimeoutOnlyBeforeAnyData() {
        Receiver receiver = windowedWrite(8);
        Reaction.Continue start = continuing(receiver.start(T0));
        assertThat(receiver.onTimeout(start.deadline()).send())
                .containsExactly(new OptionAck(TftpOptions.of("windowsize", "8")));
    }

    @Test
    void acksTheLastInOrderBlockOnTimeoutAndRealignsTheWindow() {
        byte[] file = file(512 * 20);
        Receiver receiver = windowedWrite(8);
        receiver.start(T0);
        long now = T0;
        Reaction.Continue waiting = null;
        for (long block = 1; block <= 3; block++) {
            waiting = nothingSent(receiver.onPacket(data(file, block, 512), now += ms(1)));
        }
        // Blocks 4..8 lost. The timeout names block 3, so the sender restarts at 4 at once
        // (resending the OACK, or an older ACK, would be ignored or worse).
        assertThat(receiver.onTimeout(waiting.deadline()).send()).containsExactly(new Ack(3));
        now = waiting.deadline();
        for (long block = 4; block <= 10; block++) {
            nothingSent(receiver.onPacket(data(file, block, 512), now += 1));
        }
        assertThat(receiver.onPacket(data(file, 11, 512), now + 1).send()).containsExactly(new Ack(11));
    }

    @Test
    void givesUpWhenTheSenderIsSilentForTheGiveUpTime() {
        byte[] file = file(512 * 5);
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        long heard = T0 + ms(1);
        Reaction.Continue reaction = continuing(receiver.onPacket(data(file, 1, 512), heard));
        int retries = 0;
        while (reaction.deadline() - heard < 30 * SECOND) {
            reaction = continuing(receiver.onTimeout(reaction.deadline()));
            assertThat(reaction.send()).containsExactly(new Ack(1));
            retries++;
        }
        TransferFailure failed = failedWith(receiver.onTimeout(reaction.deadline()), ErrorCode.NOT_DEFINED,
                TransferFailure.Kind.TIMEOUT);
        assertThat(failed.message()).isEqualTo("nothing heard from the peer for 30 s");
        assertThat(receiver.counters().retransmissions).isEqualTo(retries);
        assertThat(sink.isAborted()).isTrue();
    }

    @Test
    void givesUpAnOpeningNobodyAnsweredAfterHalfTheGiveUpTime() {
        Receiver receiver = plainWrite(parameters(512, 1));
        Reaction.Continue reaction = continuing(receiver.start(T0));
        while (reaction.deadline() - T0 < 15 * SECOND) {
            reaction = continuing(receiver.onTimeout(reaction.deadline()));
            assertThat(reaction.send()).containsExactly(new Ack(0));
        }
        TransferFailure failed = failedWith(receiver.onTimeout(reaction.deadline()), ErrorCode.NOT_DEFINED,
                TransferFailure.Kind.TIMEOUT);
        assertThat(failed.message()).isEqualTo("no answer for 15 s");
        assertThat(sink.isAborted()).isTrue();
    }

    @Test
    void roundTripSamplesSkipRetransmittedAcks() {
        byte[] file = file(512 * 5);
        Receiver receiver = plainWrite(parameters(512, 1));
        receiver.start(T0);
        Reaction.Continue acked = continuing(receiver.onPacket(data(file, 1, 512), T0 + ms(10)));
        assertThat(receiver.smoothedRttNanos()).isEqualTo(ms(10));
        receiver.onTimeout(acked.deadline()); // ACK 1 again
        // DATA 2 may answer either copy of ACK 1 (RFC 6298 §3): no sample.
        receiver.onPacket(data(file, 2, 512), acked.deadline() + ms(5));
        assertThat(receiver.smoothedRttNanos()).isEqualTo(ms(10));
        // ACK 2 went once: DATA 3, 30 ms later, is a sample. SRTT = 7/8 * 10 + 1/8 * 30 = 12.5 ms.
        receiver.onPacket(data(file, 3, 512), acked.deadline() + ms(5) + ms(30));
        assertThat(receiver.smoothedRttNanos()).isEqualTo(12_500_000L);
    }

    @Test
    void timesOutAfterSecondsNotMillisecondsBeforeAnySample() {
        Receiver receiver = plainWrite(parameters(512, 1));
        assertThat(continuing(receiver.start(T0)).deadline()).isEqualTo(T0 + SECOND);
    }
}
