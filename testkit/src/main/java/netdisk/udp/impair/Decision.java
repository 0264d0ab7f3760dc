package netdisk.udp.impair;

import java.util.List;

/**
 * What the impairment layer did with one datagram, as reported to {@link
 * ImpairmentPlan#observe}. Two runs with the same seed and traffic report equal decisions.
 *
 * @param port the port's open order in its factory (0 for a port wrapped on its own)
 * @param direction which way the datagram was going
 * @param sequence the datagram's number in that direction on that port, from 1
 * @param datagram its kind and block, before any damage
 * @param effects what was applied, in plan order; empty when it went through untouched. A drop
 *     is reported alone: nothing else is applied to a lost datagram.
 */
public record Decision(int port, Direction direction, long sequence, Classification datagram, List<Effect> effects) {

    public Decision {
        effects = List.copyOf(effects);
    }

    /** Whether the datagram was lost. */
    public boolean dropped() {
        return effects.stream().anyMatch(e -> e instanceof Effect.Drop);
    }

    @Override
    public String toString() {
        return "port " + port + " " + direction + " #" + sequence + " " + datagram + " " + effects;
    }
}
