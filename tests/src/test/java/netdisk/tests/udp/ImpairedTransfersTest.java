package netdisk.tests.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import netdisk.udp.client.TransferOptions;
import netdisk.tests.udp.ImpairedRun.Op;
import netdisk.tests.udp.ImpairedRun.Way;
import netdisk.udp.flow.FlowMode;
import netdisk.udp.impair.DatagramKind;
import netdisk.udp.impair.Direction;
import netdisk.udp.impair.Effect;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairmentCounts;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole transfers over real loopback sockets with one kind of damage in one direction: every
 * file must arrive byte for byte.
 *
 * <p>Where the damage is done: see {@link ImpairedRun} (a GET impairs the server's ports, a PUT
 * the client's), so DATA and ACK, inbound and outbound layers, server and client are all hit.
 *
 * <p>Each plan is seeded, but on real sockets the traffic itself depends on timing (a
 * retransmission after a slow scheduler tick is one more datagram to draw for), so the faults
 * hit different datagrams from run to run. Every fault is therefore one the protocol can always
 * repair, and each plan also hits one datagram deterministically (the 3rd DATA or ACK of the
 * direction), so the test can check that the damage really happened.
 */
@Timeout(30)
class ImpairedTransfersTest {

    enum Flow { LOCKSTEP, WINDOWED, FLOW_MODE }

    /** One kind of damage: its faults, given the kind of packet the direction carries. */
    enum Impairment {
        /** Loss, seeded, 10 %. */
        DROP(ImpairmentCounts::dropped) {
            @Override
            List<Fault> faults(DatagramKind carried) {
                return List.of(Fault.drop().matching(Match.of(carried).nth(3)), Fault.drop().probability(0.10));
            }
        },
        /** Every datagram may arrive twice (20 %): the Sorcerer's Apprentice test. */
        DUPLICATE(ImpairmentCounts::duplicated) {
            @Override
            List<Fault> faults(DatagramKind carried) {
                return List.of(Fault.duplicate().matching(Match.of(carried).nth(3)),
                        Fault.duplicate().probability(0.20));
            }
        },
        /** A datagram overtaken by the next one of its direction (15 %). */
        REORDER(ImpairmentCounts::reordered) {
            @Override
            List<Fault> faults(DatagramKind carried) {
                return List.of(Fault.reorder().matching(Match.of(carried).nth(3)), Fault.reorder().probability(0.15));
            }
        },
        /** 2..25 ms late (20 %): longer than the adaptive RTO on loopback, so spurious resends too. */
        DELAY(ImpairmentCounts::delayed) {
            @Override
            List<Fault> faults(DatagramKind carried) {
                Fault delay = Fault.delay(Duration.ofMillis(2), Duration.ofMillis(25));
                return List.of(delay.matching(Match.of(carried).nth(3)), delay.probability(0.20));
            }
        },
        /**
         * Cut short (5 %). Requests and OACKs are spared: a request cut at a NUL is a valid
         * request with fewer options (or a malformed one, which the server refuses with ERROR 4
         * as it must), and an OACK cut after an option is a valid OACK granting less — no peer
         * can tell. A cut ACK is always malformed; a cut DATA is a short block that a receiver
         * can only tell from the real last one by the tsize, so these transfers ask for tsize.
         */
        TRUNCATE(ImpairmentCounts::truncated) {
            @Override
            List<Fault> faults(DatagramKind carried) {
                return List.of(Fault.truncate().matching(Match.of(carried).nth(3)),
                        Fault.truncate().matching(Match.data()).probability(0.05),
                        Fault.truncate().matching(Match.ack()).probability(0.05));
            }
        },
        /**
         * One flipped bit in the opcode (10 % of DATA, ACK, OACK). Never in the block number: a
         * DATA 2 turned into a DATA 3 is a valid packet no peer can doubt (see Effect.Corrupt).
         * Never in a request: a corrupted RRQ is malformed at the well-known port, which rightly
         * answers ERROR 4 and so ends the transfer.
         */
        CORRUPT(ImpairmentCounts::corrupted) {
            @Override
            List<Fault> faults(DatagramKind carried) {
                Fault flip = Fault.corrupt(Effect.Corrupt.Region.OPCODE);
                return List.of(flip.matching(Match.of(carried).nth(3)),
                        flip.matching(Match.data()).probability(0.10),
                        flip.matching(Match.ack()).probability(0.10),
                        flip.matching(Match.oack()).probability(0.10));
            }
        };

        private final ToLongFunction<ImpairmentCounts> count;

        Impairment(ToLongFunction<ImpairmentCounts> count) {
            this.count = count;
        }

        abstract List<Fault> faults(DatagramKind carried);

        long count(ImpairmentCounts counts) {
            return count.applyAsLong(counts);
        }
    }

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Impairment impairment : Impairment.values()) {
            for (Way way : Way.values()) {
                for (Flow flow : Flow.values()) {
                    for (Op op : Op.values()) {
                        all.add(Arguments.of(impairment, way, flow, op));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void deliversTheFileByteForByte(Impairment impairment, Way way, Flow flow, Op op) throws Exception {
        // Lockstep: ~80 blocks of 512; windowed: ~140 blocks of 1428 in windows of 16.
        // Flow mode: ~1,400 blocks of 1428, so that loss strikes many times within the window.
        int size = switch (flow) {
            case LOCKSTEP -> 40_000 + 123;
            case WINDOWED -> 200_000 + 321;
            case FLOW_MODE -> 2_000_000 + 777;
        };
        TransferOptions options = switch (flow) {
            case LOCKSTEP -> EndToEnd.LOCKSTEP;
            case WINDOWED -> EndToEnd.WINDOWED;
            case FLOW_MODE -> EndToEnd.WINDOWED.withFlowMode(true);
        };
        if (impairment == Impairment.TRUNCATE) {
            options = options.withAskSize(true); // still lockstep: only tsize is asked for
        }
        DatagramKind carried = ImpairedRun.carriesData(op, way) ? DatagramKind.DATA : DatagramKind.ACK;
        ImpairmentPlan plan = ImpairmentPlan.seeded(flow == Flow.FLOW_MODE
                ? 1_000 + impairment.ordinal() * 4L + way.ordinal() * 2L + op.ordinal()
                : impairment.ordinal() * 16L + way.ordinal() * 4L + flow.ordinal() * 2L + op.ordinal());
        plan = ImpairedRun.place(plan, op, way, impairment.faults(carried).toArray(Fault[]::new));

        ImpairedRun run = ImpairedRun.run(dir, op, options, size, plan);

        assertThat(run.deliveredSha256()).as("%s", run.result().statistics()).isEqualTo(run.sourceSha256());
        assertThat(run.result().bytes()).isGreaterThanOrEqualTo(size);
        assertThat(FlowMode.granted(run.result().acknowledged()))
                .as("flow mode in force").isEqualTo(flow == Flow.FLOW_MODE);
        Direction layer = ImpairedRun.layer(op, way);
        assertThat(impairment.count(run.impaired().total(layer)))
                .as("the %s fault really hit %s datagrams", impairment, layer).isPositive();
    }
}
