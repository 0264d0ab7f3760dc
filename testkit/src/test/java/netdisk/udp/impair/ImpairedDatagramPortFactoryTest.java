package netdisk.udp.impair;

import static netdisk.udp.impair.Direction.OUTBOUND;
import static netdisk.udp.impair.Wire.ack;
import static netdisk.udp.impair.Wire.data;
import static netdisk.udp.impair.Wire.drain;
import static netdisk.udp.impair.Wire.labels;
import static netdisk.udp.impair.Wire.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import netdisk.udp.io.DatagramPort;
import org.junit.jupiter.api.Test;

class ImpairedDatagramPortFactoryTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Opens three ports through a fresh factory, sends 100 ACKs from each; decisions by port. */
    private static Map<Integer, List<Boolean>> dropsPerPort(ImpairmentPlan plan) throws IOException {
        List<Decision> decisions = new ArrayList<>();
        InMemoryDatagramNetwork network = new InMemoryDatagramNetwork();
        ImpairedDatagramPortFactory factory = ImpairedDatagramPortFactory.wrap(network.factory(), plan.observe(decisions::add));
        try (DatagramPort peer = network.bind()) {
            for (int p = 0; p < 3; p++) {
                try (DatagramPort port = factory.open(ANY_LOOPBACK_PORT)) {
                    for (int block = 1; block <= 100; block++) {
                        send(port, peer, ack(block));
                    }
                }
            }
        }
        return decisions.stream().collect(Collectors.groupingBy(Decision::port,
                Collectors.mapping(Decision::dropped, Collectors.toList())));
    }

    @Test
    void eachPortDrawsFromItsOwnRandomDerivedFromSeedAndOpenOrder() throws IOException {
        ImpairmentPlan plan = ImpairmentPlan.seeded(99).outbound(Fault.drop().probability(0.5));

        Map<Integer, List<Boolean>> first = dropsPerPort(plan);
        Map<Integer, List<Boolean>> second = dropsPerPort(plan);

        assertThat(first).containsOnlyKeys(0, 1, 2);
        assertThat(second).isEqualTo(first);
        assertThat(first.get(0)).isNotEqualTo(first.get(1));
        assertThat(first.get(1)).isNotEqualTo(first.get(2));
        assertThat(dropsPerPort(plan.withSeed(100))).isNotEqualTo(first);
    }

    @Test
    void occurrencesAreCountedAfreshOnEachPort() throws IOException {
        InMemoryDatagramNetwork network = new InMemoryDatagramNetwork();
        ImpairedDatagramPortFactory factory = ImpairedDatagramPortFactory.wrap(network.factory(),
                ImpairmentPlan.seeded(1).outbound(Fault.drop().matching(Match.data().nth(1))));
        try (DatagramPort peer = network.bind();
             DatagramPort a = factory.open(ANY_LOOPBACK_PORT);
             DatagramPort b = factory.open(ANY_LOOPBACK_PORT)) {

            send(a, peer, data(1), data(2));
            send(b, peer, data(1), data(2));

            assertThat(labels(drain(peer))).containsExactly("DATA 2", "DATA 2");
        }
    }

    @Test
    void keepsEveryPortAndSumsTheirCounts() throws IOException {
        InMemoryDatagramNetwork network = new InMemoryDatagramNetwork();
        ImpairedDatagramPortFactory factory = ImpairedDatagramPortFactory.wrap(network.factory(),
                ImpairmentPlan.seeded(1).outbound(Fault.duplicate().matching(Match.ack())));
        try (DatagramPort peer = network.bind()) {
            for (int p = 0; p < 2; p++) {
                try (DatagramPort port = factory.open(ANY_LOOPBACK_PORT)) {
                    send(port, peer, ack(1), data(1));
                }
            }
        }

        assertThat(factory.ports()).hasSize(2);
        assertThat(factory.ports().get(1).counts(OUTBOUND).duplicated()).isEqualTo(1);
        assertThat(factory.total(OUTBOUND)).isEqualTo(new ImpairmentCounts(4, 6, 0, 2, 0, 0, 0, 0, 0));
    }
}
