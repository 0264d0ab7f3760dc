package netdisk.udp.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import netdisk.udp.io.DatagramPort;

/**
 * A server transfer's port while its client has not answered yet: what the server may send to an
 * address that may be forged (spec/protocol.md section 13, "Unanswered transfers").
 *
 * <p>Until a datagram comes back from the client's address and port, every request datagram
 * earns one reply: the first reply (the OACK, DATA 1, ACK 0 or a refusal) to the request, and the
 * same reply again, at once, to each repeat of the request that the listener passes on
 * ({@link #requestRepeated}). Beyond those, the machine's own retransmissions go out only while
 * everything sent stays within {@link #AMPLIFICATION} times what the address sent; the rest are
 * withheld, and the machine takes them for lost datagrams. A probe measured 13 DATA and an ERROR
 * (6,747 B) sent for one 16-byte RRQ that never answered: 421 times what came in, to an address
 * anyone can write on a request. Now it is one DATA 1 (a plain RRQ's first reply is a data block,
 * RFC 1350 §6), and a small OACK or ACK 0 is retransmitted within the 3× budget. A real client
 * that lost the first reply retransmits its request (RFC 1350 §2), and gets it again.
 *
 * <p>An address that has answered a transfer lately ({@code budgeted == false}) receives what we
 * send and is not forged: its openings are retransmitted as any other packet, and only the
 * repeat on a repeated request applies.
 *
 * <p>The transfer's thread sends and receives; the listener's thread calls only
 * {@link #requestRepeated}. The repeat goes out from the transfer's thread, which looks for one
 * every {@link #REPEAT_CHECK_NANOS} while the opening is unanswered (a few round trips on a LAN).
 */
final class OpeningGuard implements DatagramPort {

    /** What may be sent to an unanswered address, as a multiple of what it sent (hardening issue: ≤ 3×). */
    static final int AMPLIFICATION = 3;
    static final long REPEAT_CHECK_NANOS = 10_000_000L;

    private final DatagramPort inner;
    private final InetSocketAddress client;
    private final boolean budgeted;
    private final Runnable onAnswered;
    private final AtomicLong received;
    /** Request datagrams not yet given their reply: the first request's is owed from the start. */
    private final AtomicInteger owedReplies = new AtomicInteger(1);
    private volatile boolean answered;
    private ByteBuffer firstReply;
    private long sent;
    private int withheld;
    private int repeated;

    /**
     * @param requestBytes the size of the request datagram that started the transfer
     * @param budgeted whether the 3× budget applies (the address has not answered us lately)
     * @param onAnswered run once, on the transfer's thread, when the client first answers
     */
    OpeningGuard(DatagramPort inner, InetSocketAddress client, int requestBytes, boolean budgeted,
            Runnable onAnswered) {
        this.inner = inner;
        this.client = client;
        this.received = new AtomicLong(requestBytes);
        this.budgeted = budgeted;
        this.onAnswered = onAnswered;
    }

    /** The client sent its request again (from the same port) while the opening is unanswered. */
    void requestRepeated(int requestBytes) {
        if (!answered) {
            received.addAndGet(requestBytes);
            owedReplies.incrementAndGet();
        }
    }

    boolean answered() {
        return answered;
    }

    /** Retransmissions that the budget kept back. */
    int withheld() {
        return withheld;
    }

    /** First replies sent again for repeated requests. */
    int repeated() {
        return repeated;
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
        if (answered || !target.equals(client)) {
            inner.send(datagram, target);
            return;
        }
        int size = datagram.remaining();
        if (firstReply == null) {
            firstReply = ByteBuffer.allocate(size).put(datagram.duplicate()).flip();
        }
        boolean owed = takeOwedReply();
        if (owed || !budgeted || sent + size <= AMPLIFICATION * received.get()) {
            sent += size;
            inner.send(datagram, target);
        } else {
            withheld++;
        }
    }

    @Override
    public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
        if (answered) {
            return inner.receive(into, timeoutNanos);
        }
        long end = System.nanoTime() + timeoutNanos;
        while (true) {
            repeatOwedReplies();
            long left = Math.max(0, end - System.nanoTime());
            InetSocketAddress from = inner.receive(into, Math.min(left, REPEAT_CHECK_NANOS));
            if (from != null) {
                if (from.equals(client)) {
                    answered = true;
                    onAnswered.run();
                }
                return from;
            }
            if (left <= REPEAT_CHECK_NANOS) {
                return null;
            }
        }
    }

    private void repeatOwedReplies() throws IOException {
        while (firstReply != null && takeOwedReply()) {
            sent += firstReply.remaining();
            repeated++;
            inner.send(firstReply.duplicate(), client);
        }
    }

    private boolean takeOwedReply() {
        return owedReplies.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /**
     * The inner port's socket: the guard only looks at what it receives. On a reactor it is read
     * only when the selector reports a datagram, so a repeated request must also {@code poke} the
     * reactor for its reply to go out (the server does).
     */
    @Override
    public Optional<SelectableChannel> selectableChannel() {
        return inner.selectableChannel();
    }

    @Override
    public InetSocketAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public void close() {
        inner.close();
    }
}
