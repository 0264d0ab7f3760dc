package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;

import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.PacketCodec;
import org.junit.jupiter.api.Test;

class ListenerRepliesTest {

    private static final ErrorPacket LONG = new ErrorPacket(ErrorCode.ILLEGAL_OPERATION,
            "TOO_SHORT: a datagram of 2 bytes is no TFTP packet");

    @Test
    void anAnswerIsAtMostThreeTimesWhatCame() {
        for (int received = 0; received <= 40; received++) {
            ErrorPacket fitted = ListenerReplies.fitted(LONG, received);
            int size = PacketCodec.toBytes(fitted).length;
            assertThat(size).as("answer to %d bytes", received).isLessThanOrEqualTo(Math.max(5, 3 * received));
            assertThat(LONG.message()).startsWith(fitted.message());
            assertThat(fitted.code()).isEqualTo(LONG.code());
        }
        assertThat(ListenerReplies.fitted(LONG, 100)).isEqualTo(LONG);
    }

    @Test
    void aCutNeverSplitsACharacter() {
        ErrorPacket accented = new ErrorPacket(ErrorCode.FILE_NOT_FOUND, "ééééé"); // 2 bytes each
        ErrorPacket fitted = ListenerReplies.fitted(accented, 4); // room for 7 bytes of message
        assertThat(fitted.message()).isEqualTo("ééé");
    }

    @Test
    void answersAtMostTheBudgetPerSecondAndEarnItBack() {
        ListenerReplies replies = new ListenerReplies();
        long now = 1_000_000_000L;
        int answered = 0;
        for (int i = 0; i < 1000; i++) {
            answered += replies.tryAnswer(now) ? 1 : 0;
        }
        assertThat(answered).isEqualTo(ListenerReplies.PER_SECOND);
        assertThat(replies.tryAnswer(now + 4_000_000L)).as("one earned back after 5 ms").isFalse();
        assertThat(replies.tryAnswer(now + 5_000_000L)).isTrue();
        assertThat(replies.tryAnswer(now + 5_000_000L)).isFalse();
        answered = 0;
        for (int i = 0; i < 1000; i++) {
            answered += replies.tryAnswer(now + 60_000_000_000L) ? 1 : 0;
        }
        assertThat(answered).as("a quiet minute refills the burst, no more").isEqualTo(ListenerReplies.PER_SECOND);
    }
}
