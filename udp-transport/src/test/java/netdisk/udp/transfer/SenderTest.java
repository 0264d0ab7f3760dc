package netdisk.udp.transfer;

import static netdisk.udp.transfer.Packets.T0;
import static netdisk.udp.transfer.Packets.blocks;
import static netdisk.udp.transfer.Packets.continuing;
import static netdisk.udp.transfer.Packets.data;
import static netdisk.udp.transfer.Packets.failedWith;
import static netdisk.udp.transfer.Packets.file;
import static netdisk.udp.transfer.Packets.ms;
import static netdisk.udp.transfer.Packets.parameters;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import netdisk.udp.blocks.ByteArrayBlockSource;
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
import netdisk.udp.packet.WriteRequest;
import netdisk.udp.retransmit.RetransmitPolicy;
import org.junit.jupiter.api.Test;

/**
 * The sender state machine alone (spec/protocol.md section 8), driven with a fake clock: every
 * test asserts the exact packets of each reaction and when the timer fires next.
 */
class SenderTest {

    /** The default policy, but starting at RFC 6298's 1 s: the numbers below are worked out from it. */
    private static final RetransmitPolicy POLICY = RetransmitPolicy.DEFAULT.withInitialTimeout(java.time.Duration.ofSeconds(1));
    private static final long SECOND = ms(1000);

    private static Sender plainRead(byte[] file, int blockSize, int windowSize) {
        return Sender.answeringPlainRead(new ByteArrayBlockSource(file), parameters(blockSize, windowSize), POLICY, null);
    }

    // ------------------------------------------------------------------ windows and ACKs

    @Test
    void sendsFirstBlockAtOnceForAPlainRead() {
        byte[] file = file(2000);
        Reaction.Continue start = continuing(plainRead(file, 512, 1).start(T0));
        assertThat(start.send()).containsExactly(data(file, 1, 512));
        assertThat(start.deadline()).isEqualTo(T0 + SECOND); // RFC 6298 §2.1: 1 s before any sample
    }

    @Test
    void sendsAWholeWindowAndTheNextOnTheAckOfItsLastBlock() {
        byte[] file = file(512 * 10);
        Sender sender = plainRead(file, 512, 4);
        assertThat(sender.start(T0).send()).containsExactly(blocks(file, 1, 4, 512));
        Reaction.Continue next = continuing(sender.onPacket(new Ack(4), T0 + ms(10)));
        assertThat(next.send()).containsExactly(blocks(file, 5, 8, 512));
        // One sample of 10 ms: RTO = 10 + 4 * 5 = 30 ms.
        assertThat(next.deadline()).isEqualTo(T0 + ms(10) + ms(30));
    }

    @Test
    void theFinalBlockWaitsAlsoForItsReceiverToStoreTheFile() {
        byte[] file = file(512 * 4 + 5);
        Sender sender = plainRead(file, 512, 4);
        sender.start(T0);
        // A 0.1 ms round trip: RTO at the 2 ms floor for ordinary blocks ...
        Reaction.Continue last = continuing(sender.onPacket(new Ack(4), T0 + ms(0.1)));
        assertThat(last.send()).containsExactly(data(file, 5, 512));
        // ... but the final block's ACK comes after an fsync: at least the commit allowance.
        assertThat(last.deadline()).isEqualTo(T0 + ms(0.1) + ms(50));
        Reaction.Continue resent = continuing(sender.onTimeout(last.deadline()));
        assertThat(resent.send()).containsExactly(data(file, 5, 512));
        assertThat(resent.deadline() - last.deadline()).as("backing off from the floor, never below the allowance")
                .isEqualTo(ms(50));
    }

    @Test
    void ignoresDuplicateAckWithoutResending() {
        byte[] file = file(2000);
        Sender sender = plainRead(file, 512, 1);
        sender.start(T0);
        Reaction.Continue afterAck = continuing(sender.onPacket(new Ack(1), T0 + ms(10)));
        assertThat(afterAck.send()).containsExactly(data(file, 2, 512));

        // RFC 1123 §4.2.3.1: resending DATA 2 here is the Sorcerer's Apprentice bug.
        Reaction.Continue duplicate = continuing(sender.onPacket(new Ack(1), T0 + ms(20)));
        assertThat(duplicate.send()).isEmpty();
        assertThat(duplicate.deadline()).as("a duplicate does not postpone the timer").isEqualTo(afterAck.deadline());
        assertThat(sender.onPacket(new Ack(1), T0 + ms(25)).send()).isEmpty();
        assertThat(sender.counters().duplicates).isEqualTo(2);
        assertThat(sender.counters().retransmissions).isZero();
    }

    @Test
    void resendsWindowFromBaseOnTimeout() {
        byte[] file = file(512 * 10 + 1);
        Sender sender = plainRead(file, 512, 4);
        sender.start(T0);
        Reaction.Continue second = continuing(sender.onPacket(new Ack(4), T0 + ms(10)));

        Reaction.Continue resent = continuing(sender.onTimeout(second.deadline()));
        assertThat(resent.send()).containsExactly(blocks(file, 5, 8, 512));
        assertThat(resent.deadline()).isEqualTo(second.deadline() + ms(60)); // backed off: 2 x 30 ms
        Reaction.Continue again = continuing(sender.onTimeout(resent.deadline()));
        assertThat(again.send()).containsExactly(blocks(file, 5, 8, 512));
        assertThat(again.deadline()).isEqualTo(resent.deadline() + ms(120));
        assertThat(sender.counters().retransmissions).isEqualTo(8);
    }

    @Test
    void restartsWindowAfterGapAck() {
        byte[] file = file(512 * 10 + 1);
        Sender sender = plainRead(file, 512, 4);
        sender.start(T0);
        // ACK 2 of a window 1..4: the receiver missed block 3 (RFC 7440 §4).
        Reaction.Continue restarted = continuing(sender.onPacket(new Ack(2), T0 + ms(10)));
        assertThat(restarted.send()).containsExactly(blocks(file, 3, 6, 512));
        assertThat(sender.counters().retransmissions).as("blocks 3 and 4 again").isEqualTo(2);
        // Block 2 went out once, so its ACK times a round trip: SRTT 10 ms, RTO 10 + 4 x 5 ms.
        assertThat(sender.smoothedRttNanos()).isEqualTo(ms(10));
        assertThat(restarted.deadline()).isEqualTo(T0 + ms(10) + ms(30));
        // A timeout now resends from the new base.
        assertThat(sender.onTimeout(restarted.deadline()).send()).containsExactly(blocks(file, 3, 6, 512));
    }

    @Test
    void anAckOfABlockResentBecauseTheReceiverAskedTimesTheNewCopy() {
        byte[] file = file(512 * 20 + 1);
        Sender sender = plainRead(file, 512, 4);
        sender.start(T0);
        sender.onPacket(new Ack(2), T0 + ms(10)); // blocks 3..6 at 10 ms, 3 and 4 for the second time
        // The receiver dropped the first copy of 4 (it came after the gap at 3), so ACK 4 answers
        // the copy sent at 10 ms: a 4 ms round trip, not 14.
        sender.onPacket(new Ack(4), T0 + ms(14));
        // SRTT = 7/8 x 10 + 1/8 x 4 = 9.25 ms
        assertThat(sender.smoothedRttNanos()).isEqualTo(ms(9.25));
    }

    @Test
    void aTimeoutThatAnAckOfTheOldCopiesFollowsAtOnceWasSpuriousAndTheNextWaitsLonger() {
        RetransmitPolicy lan = RetransmitPolicy.DEFAULT;
        byte[] file = file(512 * 40 + 1);
        Sender sender = Sender.answeringPlainRead(new ByteArrayBlockSource(file), parameters(512, 4), lan, null);
        sender.start(T0);
        sender.onPacket(new Ack(4), T0 + ms(0.1)); // a 100 us round trip: RTO at the 2 ms floor
        Reaction.Continue resent = continuing(sender.onTimeout(T0 + ms(2.1))); // a 3 ms pause at the peer
        assertThat(resent.send()).containsExactly(blocks(file, 5, 8, 512));
        // ACK 8 comes 10 us after the resend: it answers the first copies.
        Reaction.Continue next = continuing(sender.onPacket(new Ack(8), T0 + ms(2.11)));
        assertThat(sender.counters().spurious).isEqualTo(1);
        assertThat(next.deadline() - (T0 + ms(2.11))).as("the floor rose to twice the 2 ms that fired").isEqualTo(ms(4));
    }

    @Test
    void aTimeoutAnsweredAfterARoundTripWasNotSpurious() {
        byte[] file = file(512 * 40 + 1);
        Sender sender = Sender.answeringPlainRead(new ByteArrayBlockSource(file), parameters(512, 4),
                RetransmitPolicy.DEFAULT, null);
        sender.start(T0);
        sender.onPacket(new Ack(4), T0 + ms(0.1));
        sender.onTimeout(T0 + ms(2.1));
        Reaction.Continue next = continuing(sender.onPacket(new Ack(8), T0 + ms(2.25)));
        assertThat(sender.counters().spurious).isZero();
        assertThat(next.deadline() - (T0 + ms(2.25))).isEqualTo(ms(4)); // backed off, floor unchanged at 2
    }

    @Test
    void anAckOfABlockResentOnOurTimeoutTimesNothing() {
        // Karn (RFC 6298 §3): after a timeout the first copy may have been late, not lost.
        byte[] file = file(512 * 20 + 1);
        Sender sender = plainRead(file, 512, 4);
        sender.start(T0);
        sender.onPacket(new Ack(4), T0 + ms(10)); // SRTT 10 ms; blocks 5..8 sent at 10 ms
        Reaction.Continue resent = continuing(sender.onTimeout(T0 + ms(40)));
        assertThat(resent.send()).containsExactly(blocks(file, 5, 8, 512));
        Reaction.Continue next = continuing(sender.onPacket(new Ack(8), T0 + ms(50)));
        assertThat(sender.smoothedRttNanos()).isEqualTo(ms(10));
        assertThat(next.deadline() - (T0 + ms(50))).as("still backed off").isEqualTo(ms(60));
        // The next window went out once: its ACK times it, and the backed-off RTO is over.
        Reaction.Continue fresh = continuing(sender.onPacket(new Ack(12), T0 + ms(60)));
        assertThat(sender.smoothedRttNanos()).isEqualTo(ms(10));
        assertThat(fresh.deadline() - (T0 + ms(60))).isEqualTo(ms(10 + 4 * 3.75));
    }

    @Test
    void ignoresAckOfABlockNeverSent() {
        byte[] file = file(512 * 10);
        Sender sender = plainRead(file, 512, 4);
        Reaction.Continue start = continuing(sender.start(T0));
        Reaction.Continue impossible = continuing(sender.onPacket(new Ack(9), T0 + ms(5)));
        assertThat(impossible.send()).isEmpty();
        assertThat(impossible.deadline()).isEqualTo(start.deadline());
        assertThat(sender.onPacket(new Ack(4), T0 + ms(10)).send()).containsExactly(blocks(file, 5, 8, 512));
    }

    @Test
    void finishesOnTheAckOfTheFinalShortBlock() {
        byte[] file = file(1000);
        Sender sender = plainRead(file, 512, 1);
        sender.start(T0);
        assertThat(sender.onPacket(new Ack(1), T0 + ms(1)).send()).containsExactly(data(file, 2, 512));
        Reaction done = sender.onPacket(new Ack(2), T0 + ms(2));
        assertThat(done).isInstanceOfSatisfying(Reaction.Finished.class, f -> {
            assertThat(f.send()).isEmpty();
            assertThat(f.dallyUntil()).as("the sender does not dally").isEqualTo(T0 + ms(2));
        });
    }

    @Test
    void windowStopsAtTheFinalBlockAndAWholeBlockFileEndsWithAnEmptyOne() {
        byte[] file = file(1024);
        Sender sender = plainRead(file, 512, 4);
        Reaction.Continue start = continuing(sender.start(T0));
        assertThat(start.send()).containsExactly(data(file, 1, 512), data(file, 2, 512), Data.of(3, new byte[0]));
        assertThat(sender.onPacket(new Ack(3), T0 + ms(1))).isInstanceOf(Reaction.Finished.class);
    }

    @Test
    void emptyFileIsOneEmptyBlock() {
        Sender sender = plainRead(new byte[0], 512, 16);
        assertThat(sender.start(T0).send()).containsExactly(Data.of(1, new byte[0]));
        assertThat(sender.onPacket(new Ack(1), T0 + ms(1))).isInstanceOf(Reaction.Finished.class);
    }

    @Test
    void mapsAcksAcrossTheWrapToTheBlockNearestItsBase() {
        // 65540 full 8-byte blocks and a short one: numbers run ... 65535, 0, 1 ... 4, 5.
        byte[] file = file(8 * 65_540 + 3);
        Sender sender = plainRead(file, 8, 4);
        Reaction reaction = sender.start(T0);
        long now = T0;
        // Whole windows up to base 65532.
        for (long end = 4; end <= 65_532; end += 4) {
            reaction = sender.onPacket(new Ack(BlockNumbers.toWire(end)), now += 1000);
        }
        assertThat(reaction.send()).containsExactly(blocks(file, 65_533, 65_536, 8));
        assertThat(((Data) reaction.send().get(3)).block()).as("block 65536 travels as 0").isZero();

        // ACK 65535 inside the window 65533..65536: restart at 65536, sent as 0.
        reaction = sender.onPacket(new Ack(65_535), now += 1000);
        assertThat(reaction.send()).containsExactly(blocks(file, 65_536, 65_539, 8));
        // ACK 0 now means 65536 (nearest to base 65535), not the ACK 0 of the start.
        reaction = sender.onPacket(new Ack(0), now += 1000);
        assertThat(reaction.send()).containsExactly(blocks(file, 65_537, 65_540, 8));
        reaction = sender.onPacket(new Ack(BlockNumbers.toWire(65_540)), now += 1000);
        assertThat(reaction.send()).containsExactly(data(file, 65_541, 8));
        assertThat(sender.onPacket(new Ack(BlockNumbers.toWire(65_541)), now + 1000)).isInstanceOf(Reaction.Finished.class);
        assertThat(sender.counters().blocks).isEqualTo(65_541);
    }

    // ------------------------------------------------------------------ server with OACK

    @Test
    void sendsOackAndRepeatsItUntilAckZeroThenTheFirstWindow() {
        byte[] file = file(5000);
        OptionAck oack = new OptionAck(TftpOptions.of("blksize", "1024", "windowsize", "2"));
        Sender sender = Sender.answeringReadWithOack(new ByteArrayBlockSource(file), oack, parameters(1024, 2), POLICY,
                null);
        Reaction.Continue start = continuing(sender.start(T0));
        assertThat(start.send()).containsExactly(oack);
        Reaction.Continue again = continuing(sender.onTimeout(start.deadline()));
        assertThat(again.send()).containsExactly(oack);
        assertThat(again.deadline()).isEqualTo(start.deadline() + 2 * SECOND);

        // An ACK other than 0 is ignored while waiting for ACK 0.
        Reaction.Continue other = continuing(sender.onPacket(new Ack(3), again.deadline() - 1));
        assertThat(other.send()).isEmpty();
        assertThat(other.deadline()).isEqualTo(again.deadline());

        assertThat(sender.onPacket(new Ack(0), again.deadline()).send())
                .containsExactly(data(file, 1, 1024), data(file, 2, 1024));
        // ACK 0 again (our OACK was repeated and answered twice) is a duplicate.
        assertThat(sender.onPacket(new Ack(0), again.deadline() + 1).send()).isEmpty();
    }

    // ------------------------------------------------------------------ client writing

    @Test
    void resendsWriteRequestUntilAnswered() {
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET);
        Sender sender = Sender.writing(new ByteArrayBlockSource(file(10)), wrq, POLICY, null);
        Reaction.Continue start = continuing(sender.start(T0));
        assertThat(start.send()).containsExactly(wrq);
        assertThat(sender.onTimeout(start.deadline()).send()).containsExactly(wrq);
    }

    @Test
    void ackZeroToARequestWithOptionsMeansDefaults() {
        byte[] file = file(2000);
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024", "windowsize", "8"));
        Sender sender = Sender.writing(new ByteArrayBlockSource(file), wrq, POLICY, null);
        sender.start(T0);
        assertThat(sender.onPacket(new Ack(0), T0 + ms(1)).send()).containsExactly(data(file, 1, 512));
        assertThat(sender.parameters()).isEqualTo(TransferParameters.RFC1350);
    }

    @Test
    void acceptsOackAndSendsTheFirstWindowWithTheGrantedValues() {
        byte[] file = file(5000);
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024", "windowsize", "8"));
        Sender sender = Sender.writing(new ByteArrayBlockSource(file), wrq, POLICY, null);
        sender.start(T0);
        OptionAck oack = new OptionAck(TftpOptions.of("blksize", "1000", "windowsize", "2"));
        assertThat(sender.onPacket(oack, T0 + ms(1)).send()).containsExactly(data(file, 1, 1000), data(file, 2, 1000));
        // The server repeating its OACK (our DATA 1 late) is a duplicate: no resend.
        assertThat(sender.onPacket(oack, T0 + ms(2)).send()).isEmpty();
    }

    /** A source that records what {@code begin} was told, and may refuse to send. */
    private static final class BeginningSource extends netdisk.udp.blocks.ForwardingSourceForTests {
        BeginningSource(byte[] data, String refusal) {
            super(new ByteArrayBlockSource(data), refusal);
        }
    }

    @Test
    void tellsTheSourceTheAcceptedOackBeforeReadingBlockOne() {
        byte[] file = file(2000);
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024", "x-ext", "a"));
        BeginningSource source = new BeginningSource(file, null);
        Sender sender = Sender.writing(source, wrq, POLICY, null);
        sender.start(T0);
        OptionAck oack = new OptionAck(TftpOptions.of("blksize", "1000", "x-ext", "ok"));
        assertThat(sender.onPacket(oack, T0 + ms(1)).send()).containsExactly(data(file, 1, 1000));
        assertThat(source.begunWith()).isEqualTo(TftpOptions.of("blksize", "1000", "x-ext", "ok"));
        assertThat(source.begunBeforeFirstRead()).isTrue();
    }

    @Test
    void aSourceRefusingToBeginEndsTheTransferBeforeAnyData() {
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET, TftpOptions.of("x-ext", "a"));
        BeginningSource source = new BeginningSource(file(2000), "x-ext not acknowledged");
        Sender sender = Sender.writing(source, wrq, POLICY, null);
        sender.start(T0);

        // A server that ignores the options answers ACK 0: the source sees no OACK and refuses.
        TransferFailure failure = failedWith(sender.onPacket(new Ack(0), T0 + ms(1)), ErrorCode.NOT_DEFINED,
                TransferFailure.Kind.LOCAL_IO);
        assertThat(failure.message()).contains("x-ext not acknowledged");
        assertThat(source.begunWith()).isEqualTo(TftpOptions.NONE);
        assertThat(source.reads()).isZero();
    }

    @Test
    void refusesOackWithUnrequestedOption() {
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Sender sender = Sender.writing(new ByteArrayBlockSource(file(5000)), wrq, POLICY, null);
        sender.start(T0);
        Reaction refused = sender.onPacket(new OptionAck(TftpOptions.of("blksize", "1024", "windowsize", "4")), T0 + 1);
        failedWith(refused, ErrorCode.OPTION_NEGOTIATION, TransferFailure.Kind.NEGOTIATION);
    }

    @Test
    void refusesOackToARequestWithoutOptions() {
        Sender sender = Sender.writing(new ByteArrayBlockSource(file(5000)), new WriteRequest("f", TransferMode.OCTET),
                POLICY, null);
        sender.start(T0);
        failedWith(sender.onPacket(new OptionAck(TftpOptions.of("blksize", "512")), T0 + 1),
                ErrorCode.OPTION_NEGOTIATION, TransferFailure.Kind.PROTOCOL);
    }

    @Test
    void refusesAnOackMalformedByAnOptionValueWithErrorEight() {
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Sender sender = Sender.writing(new ByteArrayBlockSource(file(5000)), wrq, POLICY, null);
        sender.start(T0);
        var problem = new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_VALUE, "blksize 7");
        Optional<Reaction> refusal = sender.onMalformedOptionAck(problem, T0 + 1);
        assertThat(refusal).isPresent();
        failedWith(refusal.get(), ErrorCode.OPTION_NEGOTIATION, TransferFailure.Kind.NEGOTIATION);
    }

    @Test
    void ignoresAMalformedOackOnceTheTransferRuns() {
        WriteRequest wrq = new WriteRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "1024"));
        Sender sender = Sender.writing(new ByteArrayBlockSource(file(5000)), wrq, POLICY, null);
        sender.start(T0);
        sender.onPacket(new OptionAck(TftpOptions.of("blksize", "1024")), T0 + 1);
        var problem = new MalformedPacketException(MalformedPacketException.Reason.BAD_OPTION_VALUE, "blksize 7");
        assertThat(sender.onMalformedOptionAck(problem, T0 + 2)).isEmpty();
        // And a server, which sent the OACK itself, never refuses one.
        Sender server = plainRead(file(10), 512, 1);
        server.start(T0);
        assertThat(server.onMalformedOptionAck(problem, T0 + 2)).isEmpty();
    }

    // ------------------------------------------------------------------ ends

    @Test
    void givesUpWhenThePeerIsSilentForTheGiveUpTime() {
        byte[] file = file(5000);
        Sender sender = plainRead(file, 512, 1);
        sender.start(T0);
        long heard = T0 + ms(10);
        Reaction.Continue reaction = continuing(sender.onPacket(new Ack(1), heard)); // DATA 2, RTO 30 ms
        long[] expectedWaits = {60, 120, 240, 480, 960, 1920, 3840, 5000, 5000, 5000, 5000, 5000, 5000};
        int retry = 0;
        // Retransmissions doubled and capped at 5 s, for as long as the peer has been silent < 30 s.
        while (reaction.deadline() - heard < 30 * SECOND) {
            long now = reaction.deadline();
            reaction = continuing(sender.onTimeout(now));
            assertThat(reaction.send()).as("retransmission %d", retry + 1).containsExactly(data(file, 2, 512));
            assertThat(reaction.deadline() - now).isEqualTo(ms(expectedWaits[retry++]));
        }
        assertThat(retry).isEqualTo(12);
        TransferFailure failed = failedWith(sender.onTimeout(reaction.deadline()), ErrorCode.NOT_DEFINED,
                TransferFailure.Kind.TIMEOUT);
        assertThat(failed.message()).isEqualTo("nothing heard from the peer for 30 s");
    }

    @Test
    void givesUpAnOpeningNobodyAnsweredAfterHalfTheGiveUpTime() {
        Sender sender = plainRead(file(2000), 512, 1);
        Reaction.Continue reaction = continuing(sender.start(T0));
        while (reaction.deadline() - T0 < 15 * SECOND) {
            reaction = continuing(sender.onTimeout(reaction.deadline()));
        }
        TransferFailure failed = failedWith(sender.onTimeout(reaction.deadline()), ErrorCode.NOT_DEFINED,
                TransferFailure.Kind.TIMEOUT);
        assertThat(failed.message()).isEqualTo("no answer for 15 s");
    }

    @Test
    void aPeerThatIsHeardButNeverLetsTheTransferProgressIsGivenUpAfterTwiceTheGiveUpTime() {
        byte[] file = file(5000);
        Sender sender = plainRead(file, 512, 1);
        sender.start(T0);
        long progressed = T0 + ms(10);
        Reaction reaction = sender.onPacket(new Ack(1), progressed);
        long now = progressed;
        // A duplicate ACK every 10 s: the peer is alive, but nothing moves.
        while (now - progressed < 60 * SECOND) {
            now += 10 * SECOND;
            sender.onPacket(new Ack(1), now - 1);
            reaction = sender.onTimeout(now);
            if (now - progressed < 60 * SECOND) {
                assertThat(reaction).as("at %d s", (now - progressed) / SECOND).isInstanceOf(Reaction.Continue.class);
            }
        }
        TransferFailure failed = failedWith(reaction, ErrorCode.NOT_DEFINED, TransferFailure.Kind.TIMEOUT);
        assertThat(failed.message()).isEqualTo("no progress for 60 s although the peer still answers");
    }

    @Test
    void aPeerThatKeepsAnsweringIsNeverGivenUpHoweverManyTimeoutsPass() {
        // Before, 12 consecutive timeouts ended a transfer whatever arrived between them; a lossy
        // link that lets one ACK in 13 through is slow, not gone.
        byte[] file = file(512 * 40);
        Sender sender = plainRead(file, 512, 1);
        Reaction reaction = sender.start(T0);
        long now = T0;
        for (int block = 1; block <= 30; block++) {
            for (int i = 0; i < 20; i++) {
                reaction = sender.onTimeout(now += ms(500));
                assertThat(reaction).isInstanceOf(Reaction.Continue.class);
            }
            reaction = sender.onPacket(new Ack(block), now += 1);
            assertThat(reaction.send()).containsExactly(data(file, block + 1, 512));
        }
        assertThat(sender.counters().timeouts).isEqualTo(600);
    }

    @Test
    void failsWithErrorFourOnDataFromTheReceiver() {
        Sender sender = plainRead(file(2000), 512, 1);
        sender.start(T0);
        failedWith(sender.onPacket(Data.of(1, new byte[3]), T0 + 1), ErrorCode.ILLEGAL_OPERATION,
                TransferFailure.Kind.PROTOCOL);
    }

    @Test
    void failsWithErrorFourOnARequestOnTheTransferPort() {
        Sender sender = plainRead(file(2000), 512, 1);
        sender.start(T0);
        failedWith(sender.onPacket(new ReadRequest("f", TransferMode.OCTET), T0 + 1), ErrorCode.ILLEGAL_OPERATION,
                TransferFailure.Kind.PROTOCOL);
    }

    @Test
    void endsWithoutAnswerOnAnError() {
        Sender sender = plainRead(file(2000), 512, 1);
        sender.start(T0);
        Reaction reaction = sender.onPacket(new ErrorPacket(42, "strange"), T0 + 1);
        assertThat(reaction).isInstanceOfSatisfying(Reaction.Failed.class, f -> {
            assertThat(f.send()).as("errors are not answered (RFC 1350 §7)").isEmpty();
            assertThat(f.failure()).isEqualTo(new TransferFailure(TransferFailure.Kind.REMOTE_ERROR, 42, "strange"));
        });
    }

    // ------------------------------------------------------------------ round trips (Karn)

    @Test
    void roundTripSamplesSkipRetransmittedPackets() {
        byte[] file = file(512 * 5 + 1);
        Sender sender = plainRead(file, 512, 1);
        sender.start(T0);
        Reaction.Continue second = continuing(sender.onPacket(new Ack(1), T0 + ms(10)));
        assertThat(sender.smoothedRttNanos()).isEqualTo(ms(10));

        Reaction.Continue resent = continuing(sender.onTimeout(second.deadline()));
        assertThat(resent.send()).containsExactly(data(file, 2, 512));
        // ACK 2 may answer either copy of DATA 2 (RFC 6298 §3): no sample, whatever its delay.
        Reaction.Continue third = continuing(sender.onPacket(new Ack(2), second.deadline() + ms(5)));
        assertThat(sender.smoothedRttNanos()).isEqualTo(ms(10));
        assertThat(third.deadline() - (second.deadline() + ms(5))).as("backed-off RTO kept").isEqualTo(ms(60));

        // DATA 3 went once: its ACK is a sample again. SRTT = 7/8 * 10 + 1/8 * 30 = 12.5 ms.
        sender.onPacket(new Ack(3), second.deadline() + ms(5) + ms(30));
        assertThat(sender.smoothedRttNanos()).isEqualTo(12_500_000L);
    }
}
