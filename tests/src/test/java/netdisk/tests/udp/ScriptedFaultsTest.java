package netdisk.tests.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import netdisk.udp.client.TransferOptions;
import netdisk.tests.udp.ImpairedRun.Op;
import netdisk.tests.udp.ImpairedRun.Way;
import netdisk.udp.impair.Fault;
import netdisk.udp.impair.ImpairmentCounts;
import netdisk.udp.impair.ImpairmentPlan;
import netdisk.udp.impair.Match;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One loss at a chosen place, over real loopback sockets: each must be repaired by exactly the
 * mechanism the spec names for it, and the file must arrive byte for byte. Placement as in
 * {@link ImpairedRun}: a GET impairs the server's ports, a PUT the client's.
 */
@Timeout(30)
class ScriptedFaultsTest {

    /** 30 full blocks of 512 and a short one. */
    private static final int SIZE = 30 * 512 + 100;

    @TempDir
    Path dir;

    private static final TransferOptions LOCKSTEP = EndToEnd.LOCKSTEP;
    private static final TransferOptions WINDOWED = EndToEnd.WINDOWED.withBlockSize(512).withWindowSize(8);

    private static TransferOptions options(boolean windowed) {
        return windowed ? WINDOWED : LOCKSTEP;
    }

    private static ImpairedRun assertDelivered(ImpairedRun run) {
        assertThat(run.deliveredSha256()).as("%s", run.result().statistics()).isEqualTo(run.sourceSha256());
        return run;
    }

    /**
     * The server's side of the transfer ended well. Its first report is that transfer's: a stray
     * one (a request the client resent after a scheduler stall, read only after the transfer
     * ended, see ConcurrentTransfersTest) can only start later.
     */
    private static void assertServerSucceeded(ImpairedRun run) {
        assertThat(run.serverReports()).isNotEmpty();
        assertThat(run.serverReports().getFirst().succeeded()).as("%s", run.serverReports()).isTrue();
    }

    private static ImpairmentCounts counts(ImpairedRun run, Op op, Way way) {
        return run.impaired().total(ImpairedRun.layer(op, way));
    }

    @ParameterizedTest(name = "{0} lockstep")
    @EnumSource(Op.class)
    void lostThirdDataIsSentAgainLockstep(Op op) throws Exception {
        lostThirdDataIsSentAgain(op, false);
    }

    @ParameterizedTest(name = "{0} windowed")
    @EnumSource(Op.class)
    void lostThirdDataIsSentAgainWindowed(Op op) throws Exception {
        lostThirdDataIsSentAgain(op, true);
    }

    private void lostThirdDataIsSentAgain(Op op, boolean windowed) throws Exception {
        Way way = op == Op.GET ? Way.SERVER_TO_CLIENT : Way.CLIENT_TO_SERVER;
        ImpairmentPlan plan = ImpairedRun.place(ImpairmentPlan.seeded(3), op, way,
                Fault.drop().matching(Match.data().nth(3)));

        ImpairedRun run = assertDelivered(ImpairedRun.run(dir, op, options(windowed), SIZE, plan));

        ImpairmentCounts counts = counts(run, op, way);
        assertThat(counts.dropped()).isEqualTo(1);
        int blocks = SIZE / 512 + 1;
        assertThat(counts.seen()).as("DATA sent, the lost one again included").isGreaterThan(blocks);
    }

    @ParameterizedTest(name = "{0} lockstep")
    @EnumSource(Op.class)
    void lostFinalAckIsAnsweredWhileDallyingLockstep(Op op) throws Exception {
        lostFinalAckIsAnsweredWhileDallying(op, false);
    }

    @ParameterizedTest(name = "{0} windowed")
    @EnumSource(Op.class)
    void lostFinalAckIsAnsweredWhileDallyingWindowed(Op op) throws Exception {
        lostFinalAckIsAnsweredWhileDallying(op, true);
    }

    private void lostFinalAckIsAnsweredWhileDallying(Op op, boolean windowed) throws Exception {
        Way way = op == Op.GET ? Way.CLIENT_TO_SERVER : Way.SERVER_TO_CLIENT;
        int finalBlock = SIZE / 512 + 1;
        ImpairmentPlan plan = ImpairedRun.place(ImpairmentPlan.seeded(4), op, way,
                Fault.drop().matching(Match.ack().block(finalBlock).nth(1)));

        ImpairedRun run = assertDelivered(ImpairedRun.run(dir, op, options(windowed), SIZE, plan));

        assertThat(counts(run, op, way).dropped()).isEqualTo(1);
        if (op == Op.GET) {
            // The server sent the final DATA again, and the client, dallying, answered it with its
            // final ACK again: the server's report says it succeeded. (The client's own count may
            // not show that ACK: its get returns a few round trips into the dally, and the rest of
            // the dally answers in the background.)
            assertThat(run.serverReports()).isNotEmpty();
            assertThat(run.serverReports().getFirst().statistics().retransmissions())
                    .as("%s", run.serverReports()).isPositive();
        } else {
            // The client timed out waiting for the final ACK and sent the final block again.
            assertThat(run.result().statistics().timeouts()).isPositive();
        }
        // The sender learnt the transfer succeeded: no false failure at either end.
        assertServerSucceeded(run);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Op.class)
    void lostOackIsSentAgain(Op op) throws Exception {
        ImpairmentPlan plan = ImpairedRun.place(ImpairmentPlan.seeded(5), op, Way.SERVER_TO_CLIENT,
                Fault.drop().matching(Match.oack().nth(1)));

        ImpairedRun run = assertDelivered(ImpairedRun.run(dir, op, WINDOWED, SIZE, plan));

        // At least once, not exactly: the client's timer also repeats its request, and a repeat
        // the server's listener reads only after the final block went out is taken for a new
        // request (a client may reuse its port, as tftp-hpa does). That second transfer's port
        // drops its own first OACK under the same plan; the client answers it with ERROR 5. Seen
        // once on a loaded machine; the delivered bytes and the options are what this test is for.
        assertThat(counts(run, op, Way.SERVER_TO_CLIENT).dropped()).isGreaterThanOrEqualTo(1);
        assertThat(run.result().parameters().windowSize()).isEqualTo(8);
        assertThat(run.result().parameters().blockSize()).isEqualTo(512);
    }

    /** ACK 0 answers an OACK in a windowed GET, and a WRQ in a lockstep PUT. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Op.class)
    void lostAckZeroIsRecovered(Op op) throws Exception {
        Way way = op == Op.GET ? Way.CLIENT_TO_SERVER : Way.SERVER_TO_CLIENT;
        ImpairmentPlan plan = ImpairedRun.place(ImpairmentPlan.seeded(6), op, way,
                Fault.drop().matching(Match.ack().block(0).nth(1)));

        ImpairedRun run = assertDelivered(ImpairedRun.run(dir, op, options(op == Op.GET), SIZE, plan));

        assertThat(counts(run, op, way).dropped()).isEqualTo(1);
        assertServerSucceeded(run);
    }

    /**
     * A DATA cut short three times in a row (each time to another length) is damage, not the end
     * of a file that shrank: with tsize known the receiver waits for an intact copy.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Op.class)
    void blockCutShortThreeTimesIsStillDelivered(Op op) throws Exception {
        Way way = op == Op.GET ? Way.SERVER_TO_CLIENT : Way.CLIENT_TO_SERVER;
        ImpairmentPlan plan = ImpairedRun.place(ImpairmentPlan.seeded(7), op, way,
                Fault.truncateTo(4 + 100).matching(Match.data().block(3).nth(1)),
                Fault.truncateTo(4 + 200).matching(Match.data().block(3).nth(2)),
                Fault.truncateTo(4 + 300).matching(Match.data().block(3).nth(3)));

        ImpairedRun run = assertDelivered(
                ImpairedRun.run(dir, op, LOCKSTEP.withAskSize(true), SIZE, plan));

        assertThat(counts(run, op, way).truncated()).isEqualTo(3);
    }
}
