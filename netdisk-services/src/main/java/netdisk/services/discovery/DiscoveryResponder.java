package netdisk.services.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import netdisk.udp.server.ListenerExtension;

/**
 * The server's side of discovery, on the TFTP listener (spec/discovery.md 4): claims every
 * datagram with a discovery opcode, so none reaches TFTP; answers a well-formed question when
 * the answer fits in it (2.4 rule 1) and the budgets allow (rule 2); drops everything else
 * without a word. {@link #silent()} claims and drops all: {@code netdisk server --no-discovery}.
 */
public final class DiscoveryResponder implements ListenerExtension {

    private final DiscoveryIdentity identity;
    private final LongSupplier clock;
    private final AnswerBudgets budgets;

    private DiscoveryResponder(DiscoveryIdentity identity, LongSupplier clock) {
        this.identity = identity;
        this.clock = clock;
        this.budgets = identity == null ? null : new AnswerBudgets(clock.getAsLong());
    }

    /** Answers as {@code identity}, on the real clock. */
    public static DiscoveryResponder answering(DiscoveryIdentity identity) {
        return answering(identity, System::nanoTime);
    }

    /** Answers as {@code identity}; the budgets run on {@code nanoClock}. */
    public static DiscoveryResponder answering(DiscoveryIdentity identity, LongSupplier nanoClock) {
        return new DiscoveryResponder(Objects.requireNonNull(identity, "identity"), Objects.requireNonNull(nanoClock));
    }

    /** Claims discovery's datagrams and answers none. */
    public static DiscoveryResponder silent() {
        return new DiscoveryResponder(null, System::nanoTime);
    }

    public boolean answers() {
        return identity != null;
    }

    /** Whom it answers as; empty when silent. */
    public Optional<DiscoveryIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** ff02::1, which the JDK's sockets hear only once joined (spec/discovery.md 1); none when silent. */
    @Override
    public List<InetAddress> multicastGroups() {
        return identity == null ? List.of() : List.of(DiscoveryTargets.allNodes(null));
    }

    @Override
    public boolean claims(ByteBuffer datagram) {
        return DiscoveryCodec.isDiscovery(datagram);
    }

    @Override
    public Optional<ByteBuffer> answer(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress listener) {
        if (identity == null) {
            return Optional.empty();
        }
        DiscoveryMessage message;
        try {
            message = DiscoveryCodec.decode(datagram);
        } catch (MalformedDiscoveryException e) {
            return Optional.empty();
        }
        if (!(message instanceof DiscoveryQuestion question)) {
            return Optional.empty(); // never an answer to an answer
        }
        byte[] answer = DiscoveryCodec.encode(identity.answer(question, listener.getPort()));
        if (answer.length > question.size()) {
            return Optional.empty(); // before the budgets: a question too small costs them nothing
        }
        if (!budgets.tryAnswer(from.getAddress(), clock.getAsLong())) {
            return Optional.empty();
        }
        return Optional.of(ByteBuffer.wrap(answer));
    }
}
