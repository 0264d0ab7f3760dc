package netdisk.tools.training;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import netdisk.udp.io.DatagramPort;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.io.ForwardingDatagramPort;

/**
 * Real UDP ports that lose a fixed share of what they send and receive, so the training's
 * transfers also take the paths of loss (gaps, held blocks, selective ACKs, resends, timeouts).
 * Without them the cache's profiles say those branches are never taken, the JIT compiles the
 * transfer loops without them, and the first loss on a real link throws the compiled code away
 * and compiles it again: on the kernel-link lab at 1 % loss, a cold 256 MiB get compiled {@code
 * FlowReceiver.data} three times (193, 37 and 23 ms) and spent 1.3 s in C2; trained with loss,
 * 0.76 s (docs/benchmarks.md, "The client's warm-up").
 *
 * <p>Deterministic (every {@code n}-th datagram), not random: the training must always succeed.
 */
final class LossyPorts implements DatagramPortFactory {

    private final int loseEveryReceived;
    private final int loseEverySent;

    LossyPorts(int loseEveryReceived, int loseEverySent) {
        if (loseEveryReceived < 2 || loseEverySent < 2) {
            throw new IllegalArgumentException("a port that loses every datagram moves nothing");
        }
        this.loseEveryReceived = loseEveryReceived;
        this.loseEverySent = loseEverySent;
    }

    @Override
    public DatagramPort open(InetSocketAddress local) throws IOException {
        return new LossyPort(DatagramPortFactory.udp().open(local));
    }

    private final class LossyPort extends ForwardingDatagramPort {
        private long received;
        private long sent;

        LossyPort(DatagramPort real) {
            super(real);
        }

        @Override
        public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
            if (++sent % loseEverySent == 0) {
                datagram.position(datagram.limit());  // gone, as a datagram the link dropped
                return;
            }
            super.send(datagram, target);
        }

        @Override
        public InetSocketAddress receive(ByteBuffer into, long timeoutNanos) throws IOException {
            long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
            while (true) {
                InetSocketAddress from = super.receive(into, Math.max(0, deadline - System.nanoTime()));
                if (from == null || ++received % loseEveryReceived != 0) {
                    return from;
                }
                if (deadline - System.nanoTime() <= 0) {
                    return null;
                }
            }
        }
    }
}
