package netdisk.udp.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A fixed set of {@link TransferReactor}s, one thread each; a session goes to the least busy.
 */
public final class TransferReactors implements AutoCloseable {

    /** One per processor, as many as a 16-way machine can use: more threads only add switches. */
    public static final int DEFAULT_COUNT = Math.min(16, Runtime.getRuntime().availableProcessors());

    private final List<TransferReactor> reactors;

    private TransferReactors(List<TransferReactor> reactors) {
        this.reactors = List.copyOf(reactors);
    }

    /** Starts {@code count} reactors named {@code name-0}, {@code name-1}, … */
    public static TransferReactors start(int count, String name) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("at least one reactor, got " + count);
        }
        List<TransferReactor> started = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                started.add(TransferReactor.start(name + "-" + i));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(TransferReactor::close);
            throw e;
        }
        return new TransferReactors(started);
    }

    /** See {@link TransferReactor#submit}; on the reactor with the fewest sessions. */
    public TransferReactor.Running submit(DatagramPort port, TransferSession session, BooleanSupplier cancelled) {
        TransferReactor least = reactors.stream().min(Comparator.comparingInt(TransferReactor::load)).orElseThrow();
        return least.submit(port, session, cancelled);
    }

    public int size() {
        return reactors.size();
    }

    @Override
    public void close() {
        reactors.forEach(TransferReactor::close);
    }
}
