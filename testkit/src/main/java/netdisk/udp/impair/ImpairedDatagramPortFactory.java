package netdisk.udp.impair;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import netdisk.udp.io.DatagramPortFactory;

/**
 * Opens ports through another factory and impairs each of them under one plan, so a server that
 * opens a port per transfer can be tested on a bad network.
 *
 * <p>Ports are numbered 0, 1, 2 ... in the order they are opened; each one's random draws are
 * seeded from the plan seed and that number, and its occurrence counts ("the 3rd DATA") start
 * afresh. A run is therefore reproducible when the ports are opened in the same order (one
 * transfer at a time, or a test that waits for each to start).
 */
public final class ImpairedDatagramPortFactory implements DatagramPortFactory {

    private final DatagramPortFactory delegate;
    private final ImpairmentPlan plan;
    private final List<ImpairedDatagramPort> opened = new CopyOnWriteArrayList<>();
    /** Makes "number = open order" hold when several threads open ports at once. */
    private final ReentrantLock openLock = new ReentrantLock();

    private ImpairedDatagramPortFactory(DatagramPortFactory delegate, ImpairmentPlan plan) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** Impairs every port {@code factory} opens. */
    public static ImpairedDatagramPortFactory wrap(DatagramPortFactory factory, ImpairmentPlan plan) {
        return new ImpairedDatagramPortFactory(factory, plan);
    }

    @Override
    public ImpairedDatagramPort open(InetSocketAddress local) throws IOException {
        openLock.lock();
        try {
            ImpairedDatagramPort port = new ImpairedDatagramPort(delegate.open(local), plan, opened.size());
            opened.add(port);
            return port;
        } finally {
            openLock.unlock();
        }
    }

    /** Every port opened so far, in open order (closed ones included). */
    public List<ImpairedDatagramPort> ports() {
        return List.copyOf(opened);
    }

    /** What was done in {@code direction}, summed over every port opened so far. */
    public ImpairmentCounts total(Direction direction) {
        ImpairmentCounts sum = ImpairmentCounts.ZERO;
        for (ImpairedDatagramPort port : opened) {
            sum = sum.plus(port.counts(direction));
        }
        return sum;
    }
}
