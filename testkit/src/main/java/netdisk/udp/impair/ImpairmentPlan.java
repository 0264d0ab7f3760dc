package netdisk.udp.impair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Everything an {@link ImpairedDatagramPort} needs to decide: the faults for each direction, the
 * seed their random draws come from, the clock that says when held datagrams are due, and an
 * optional observer of every decision. Immutable: each method returns a new plan.
 *
 * <pre>{@code
 * ImpairmentPlan plan = ImpairmentPlan.seeded(42)
 *         .outbound(Fault.drop().probability(0.05))
 *         .inbound(Fault.drop().matching(Match.data().nth(3)))
 *         .clock(fakeClock::nanos);
 * }</pre>
 *
 * <p>Same seed, same faults and the same sequence of datagrams give the same decisions: each
 * fault of each port draws from its own {@link java.util.Random}, seeded from the plan seed, the
 * port's open order ({@link ImpairedDatagramPortFactory}), the direction and the fault's place in
 * the plan. Adding a fault therefore does not change what the others decide.
 *
 * @param nanoClock a monotonic nanosecond clock, {@link System#nanoTime} unless a test injects one
 * @param observer called with every decision, on the thread using the port; must be thread-safe
 *     when ports of one factory are used from several threads
 */
public record ImpairmentPlan(long seed, List<Fault> outboundFaults, List<Fault> inboundFaults,
                             LongSupplier nanoClock, Consumer<Decision> observer) {

    public ImpairmentPlan {
        outboundFaults = List.copyOf(outboundFaults);
        inboundFaults = List.copyOf(inboundFaults);
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(observer, "observer");
    }

    /** A plan with no faults drawing from {@code seed}. */
    public static ImpairmentPlan seeded(long seed) {
        return new ImpairmentPlan(seed, List.of(), List.of(), System::nanoTime, decision -> {});
    }

    /** A plan that changes nothing. */
    public static ImpairmentPlan none() {
        return seeded(0);
    }

    /** Adds faults for datagrams the owner sends. */
    public ImpairmentPlan outbound(Fault... faults) {
        return new ImpairmentPlan(seed, append(outboundFaults, faults), inboundFaults, nanoClock, observer);
    }

    /** Adds faults for datagrams the owner receives. */
    public ImpairmentPlan inbound(Fault... faults) {
        return new ImpairmentPlan(seed, outboundFaults, append(inboundFaults, faults), nanoClock, observer);
    }

    /** Adds the same faults to both directions (each direction counts and draws on its own). */
    public ImpairmentPlan bothWays(Fault... faults) {
        return outbound(faults).inbound(faults);
    }

    /** The same faults drawing from another seed. */
    public ImpairmentPlan withSeed(long newSeed) {
        return new ImpairmentPlan(newSeed, outboundFaults, inboundFaults, nanoClock, observer);
    }

    /** Uses {@code clock} (nanoseconds, monotonic) to time delays, e.g. a test's fake clock. */
    public ImpairmentPlan clock(LongSupplier clock) {
        return new ImpairmentPlan(seed, outboundFaults, inboundFaults, clock, observer);
    }

    /** Reports every decision to {@code newObserver}, e.g. {@code decisions::add}. */
    public ImpairmentPlan observe(Consumer<Decision> newObserver) {
        return new ImpairmentPlan(seed, outboundFaults, inboundFaults, nanoClock, newObserver);
    }

    /** The faults of one direction, in plan order. */
    public List<Fault> faults(Direction direction) {
        return direction == Direction.OUTBOUND ? outboundFaults : inboundFaults;
    }

    private static List<Fault> append(List<Fault> list, Fault... more) {
        List<Fault> all = new ArrayList<>(list);
        all.addAll(Arrays.asList(more));
        return all;
    }

    @Override
    public String toString() {
        return "ImpairmentPlan[seed=" + seed + ", outbound=" + outboundFaults + ", inbound=" + inboundFaults + "]";
    }
}
