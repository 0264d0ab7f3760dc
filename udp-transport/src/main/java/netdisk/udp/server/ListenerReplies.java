package netdisk.udp.server;

import java.nio.charset.StandardCharsets;
import netdisk.udp.packet.ErrorPacket;

/**
 * What the well-known port may send back to a datagram that starts no transfer (a malformed
 * request, a stray DATA or ACK, "server busy"): at most {@link #AMPLIFICATION} times the bytes
 * received, and at most {@link #PER_SECOND} answers a second in all.
 *
 * <p>The source of such a datagram may be forged, so each answer is traffic sent to a stranger
 * on someone else's behalf. A probe found a 2-byte datagram answered with 55 bytes, without a
 * limit. The cut keeps the error's reason (the message starts with it); the rate limit is
 * process-wide because an answer here is a courtesy: a real client that loses one retries.
 */
final class ListenerReplies {

    /** An answer is at most this many times the datagram it answers (hardening issue: ≤ 3×). */
    static final int AMPLIFICATION = 3;
    /** Answers a second, and the burst allowed after a quiet second. */
    static final int PER_SECOND = 200;
    /** The ERROR header (opcode, code) and the message's NUL: an ERROR is never shorter. */
    private static final int ERROR_OVERHEAD = 5;

    /** Made at the first answer, so the budget starts full then. */
    private TokenBucket budget;

    /** Whether one more answer may go now; takes it from the budget when it may. */
    synchronized boolean tryAnswer(long nowNanos) {
        if (budget == null) {
            budget = new TokenBucket(PER_SECOND, PER_SECOND, nowNanos);
        }
        return budget.tryTake(nowNanos);
    }

    /** {@code error} with its message cut so that it is at most {@link #AMPLIFICATION} × {@code received} bytes. */
    static ErrorPacket fitted(ErrorPacket error, int received) {
        int room = Math.max(0, AMPLIFICATION * received - ERROR_OVERHEAD);
        byte[] message = error.message().getBytes(StandardCharsets.UTF_8);
        if (message.length <= room) {
            return error;
        }
        // Cut on a character boundary (a UTF-8 continuation byte is 10xxxxxx).
        int end = room;
        while (end > 0 && (message[end] & 0xC0) == 0x80) {
            end--;
        }
        return new ErrorPacket(error.code(), new String(message, 0, end, StandardCharsets.UTF_8));
    }
}
