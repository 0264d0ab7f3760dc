package netdisk.udp.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.retransmit.RetransmitPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lockstep receiver and repeated DATA. curl's sender resends its block on every ACK that is
 * not the one it waits for, so one duplicated ACK makes it send the next block twice; if each
 * copy got its own ACK, every later block would travel twice (the Sorcerer's Apprentice
 * Syndrome, RFC 1123 §4.2.3.1), as the curl interop test showed.
 */
class LockstepRepeatsTest {

    private static final long MICROSECOND = 1_000;
    private static final long SECOND = 1_000_000_000;

    private final ByteArrayBlockSink sink = new ByteArrayBlockSink();
    private Receiver receiver;
    private long now;

    @BeforeEach
    void answerAWriteAndTakeBlockOne() {
        receiver = Receiver.answeringWrite(sink, new Ack(0), TransferParameters.RFC1350, RetransmitPolicy.DEFAULT, null);
        assertThat(receiver.start(now).send()).containsExactly(new Ack(0));
        now += 100 * MICROSECOND;
        assertThat(receiver.onPacket(fullBlock(1), now).send()).containsExactly(new Ack(1));
    }

    @Test
    void doesNotAnswerARepeatThatCrossedItsAck() {
        now += 20 * MICROSECOND;
        Reaction repeat = receiver.onPacket(fullBlock(1), now);

        assertThat(repeat.send()).isEmpty();
        assertThat(receiver.counters().duplicates).isEqualTo(1);
    }

    @Test
    void stillAcknowledgesTheNextBlockOnceAfterARepeatThatCrossedItsAck() {
        now += 20 * MICROSECOND;
        receiver.onPacket(fullBlock(1), now);
        now += 100 * MICROSECOND;

        assertThat(receiver.onPacket(fullBlock(2), now).send()).containsExactly(new Ack(2));
        now += 20 * MICROSECOND;
        assertThat(receiver.onPacket(fullBlock(2), now).send()).isEmpty();
    }

    /** The sender's own timer resent the block: our ACK may have been lost, so answer it. */
    @Test
    void answersARepeatThatCameLaterThanOurRetransmissionTimeout() {
        now += 6 * SECOND;

        assertThat(receiver.onPacket(fullBlock(1), now).send()).containsExactly(new Ack(1));
    }

    private static Data fullBlock(int block) {
        byte[] payload = new byte[512];
        Arrays.fill(payload, (byte) block);
        return Data.of(block, payload);
    }
}
