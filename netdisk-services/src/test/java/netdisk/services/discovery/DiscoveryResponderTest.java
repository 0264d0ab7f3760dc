package netdisk.services.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The server's answers under spec/discovery.md 2.4, on a clock the test moves (no sleeps). */
class DiscoveryResponderTest {

    private static final DiscoveryIdentity NAS = new DiscoveryIdentity("nas", "5f3a9c0e12b4d678", 1, true, "0.1.0");
    private static final InetSocketAddress LISTENER = new InetSocketAddress(6969);
    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DiscoveryResponder responder = DiscoveryResponder.answering(NAS, now::get);

    private static InetSocketAddress from(int host) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, (byte) (host >> 8), (byte) host}), 40000);
    }

    private static ByteBuffer question(long nonce, int size) {
        return ByteBuffer.wrap(DiscoveryCodec.encode(new DiscoveryQuestion(nonce, size)));
    }

    private Optional<ByteBuffer> ask(InetSocketAddress who, int size) {
        ByteBuffer q = question(7, size);
        assertThat(responder.claims(q)).isTrue();
        return responder.answer(q, who, LISTENER);
    }

    @Test
    void answersWithItsIdentityThePortItListensOnAndTheNonce() throws Exception {
        ByteBuffer answer = responder.answer(question(0x1122334455667788L, 512), from(1), LISTENER).orElseThrow();
        assertThat(DiscoveryCodec.decode(answer))
                .isEqualTo(new DiscoveryAnswer(0x1122334455667788L, "nas", "5f3a9c0e12b4d678", 6969, 1, true, "0.1.0"));
        assertThat(answer.remaining()).isLessThanOrEqualTo(512);
    }

    @Test
    void anAnswerIsNeverLargerThanTheQuestionAndATooSmallQuestionGetsNone() throws Exception {
        int answerSize = DiscoveryCodec.encode(NAS.answer(new DiscoveryQuestion(7, 512), 6969)).length;
        assertThat(ask(from(1), answerSize - 1)).as("one byte short").isEmpty();
        assertThat(ask(from(1), DiscoveryCodec.HEADER_SIZE)).as("the bare header").isEmpty();
        assertThat(ask(from(1), answerSize)).get().extracting(ByteBuffer::remaining).isEqualTo(answerSize);
        for (int size = DiscoveryCodec.HEADER_SIZE; size <= 600; size += 7) {
            now.addAndGet(1_000 * MS); // budgets full again: only the size decides
            Optional<ByteBuffer> a = ask(from(2), size);
            assertThat(a.map(ByteBuffer::remaining).orElse(0)).as("answer to %d bytes", size).isLessThanOrEqualTo(size);
            assertThat(a.isPresent()).as("answered %d bytes", size).isEqualTo(size >= answerSize);
        }
    }

    @Test
    void aQuestionTooSmallCostsTheBudgetNothing() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(ask(from(1), 20)).isEmpty();
        }
        assertThat(ask(from(1), 512)).isPresent();
    }

    @Test
    void oneAddressGetsItsBurstThenFourASecond() throws Exception {
        for (int i = 0; i < AnswerBudgets.ADDRESS_BURST; i++) {
            assertThat(ask(from(1), 512)).as("answer %d of the burst", i).isPresent();
        }
        assertThat(ask(from(1), 512)).as("past the burst").isEmpty();
        assertThat(ask(from(2), 512)).as("another address has its own").isPresent();
        now.addAndGet(249 * MS);
        assertThat(ask(from(1), 512)).as("249 ms: nothing earned yet").isEmpty();
        now.addAndGet(MS);
        assertThat(ask(from(1), 512)).as("250 ms: one earned").isPresent();
        assertThat(ask(from(1), 512)).isEmpty();
        now.addAndGet(60_000 * MS);
        int answered = 0;
        for (int i = 0; i < 100; i++) {
            answered += ask(from(1), 512).isPresent() ? 1 : 0;
        }
        assertThat(answered).as("a quiet minute refills the burst, no more").isEqualTo(AnswerBudgets.ADDRESS_BURST);
    }

    @Test
    void allAddressesTogetherGetTheGlobalBurstThen32ASecond() throws Exception {
        int answered = 0;
        for (int host = 0; host < 1000; host++) {
            answered += ask(from(host), 512).isPresent() ? 1 : 0;
        }
        assertThat(answered).isEqualTo(AnswerBudgets.BURST);
        now.addAndGet(1_000 * MS / AnswerBudgets.PER_SECOND);
        assertThat(ask(from(2000), 512)).as("1/32 s later: one earned").isPresent();
        assertThat(ask(from(2001), 512)).isEmpty();
    }

    @Test
    void answersNoAnswerAndNoMalformedDatagram() throws Exception {
        byte[] answer = DiscoveryCodec.encode(NAS.answer(new DiscoveryQuestion(7, 512), 6969));
        ByteBuffer padded = ByteBuffer.allocate(512).put(answer).flip().limit(512);
        assertThat(responder.claims(padded)).isTrue();
        assertThat(responder.answer(padded, from(1), LISTENER)).as("an answer, however large").isEmpty();
        byte[] badMagic = DiscoveryCodec.encode(DiscoveryQuestion.padded(7));
        badMagic[2] = 'N';
        assertThat(responder.answer(ByteBuffer.wrap(badMagic), from(1), LISTENER)).isEmpty();
        byte[] version2 = DiscoveryCodec.encode(DiscoveryQuestion.padded(7));
        version2[6] = 2;
        assertThat(responder.answer(ByteBuffer.wrap(version2), from(1), LISTENER)).isEmpty();
    }

    @Test
    void claimsOnlyDiscoverysOpcodesAndLeavesTheBufferAsItWas() {
        ByteBuffer rrq = ByteBuffer.wrap(new byte[] {0, 1, 'f', 0, 'o', 'c', 't', 'e', 't', 0});
        assertThat(responder.claims(rrq)).isFalse();
        ByteBuffer flowData = ByteBuffer.wrap(new byte[] {0x4E, 0x44, 0, 0});
        assertThat(responder.claims(flowData)).isFalse();
        ByteBuffer q = question(7, 512);
        responder.claims(q);
        responder.answer(q, new InetSocketAddress(1), LISTENER);
        assertThat(q.position()).isZero();
    }

    @Test
    void silentClaimsDiscoveryAndAnswersNothing() throws Exception {
        DiscoveryResponder silent = DiscoveryResponder.silent();
        ByteBuffer q = question(7, 512);
        assertThat(silent.claims(q)).as("claimed, so TFTP does not answer it with an ERROR").isTrue();
        assertThat(silent.answer(q, from(1), LISTENER)).isEmpty();
        assertThat(silent.identity()).isEmpty();
    }

    @Test
    void theHostNameIsCutToALegalName() {
        assertThat(DiscoverySettings.fitted("  nas.example.org \n")).isEqualTo("nas.example.org");
        assertThat(DiscoverySettings.fitted("x".repeat(100))).isEqualTo("x".repeat(64));
        assertThat(DiscoverySettings.fitted("é".repeat(40))).isEqualTo("é".repeat(32));
        assertThat(DiscoverySettings.fitted("")).isEqualTo("netdisk");
        assertThat(DiscoverySettings.fitted(null)).isEqualTo("netdisk");
        assertThat(DiscoveryAnswer.nameProblem(DiscoverySettings.hostName())).isNull();
    }
}
