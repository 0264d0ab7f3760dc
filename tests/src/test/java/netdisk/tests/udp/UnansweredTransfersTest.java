package netdisk.tests.udp;

import static netdisk.testkit.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netdisk.testkit.RawPackets;
import netdisk.testkit.TestData;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferResult;
import netdisk.udp.packet.Ack;
import netdisk.udp.packet.Data;
import netdisk.udp.packet.ErrorPacket;
import netdisk.udp.packet.OptionAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec section 13, "Unanswered transfers": a request whose client never answers the transfer's
 * port costs the server a bounded slot and a bounded number of bytes, whoever's address is on it.
 * Real sockets on loopback; other 127.x addresses play other hosts of the LAN.
 */
@Timeout(60)
class UnansweredTransfersTest {

    /** A silent peer is gone after 2 s, an opening nobody answered after half of it. */
    private static final Duration GIVE_UP = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private TestServer server;
    private final List<RawPeer> peers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("root"), false, b -> b.giveUp(GIVE_UP).maxTransfers(64));
        TestData.randomFile(server.file("f.bin"), 20 * 512 + 7, 3);
    }

    @AfterEach
    void stop() {
        peers.forEach(RawPeer::close);
        server.close();
    }

    private RawPeer peer(String address) throws Exception {
        RawPeer peer = RawPeer.open(InetAddress.getByName(address));
        peers.add(peer);
        return peer;
    }

    /** Everything {@code peer} receives until the server has nothing running and a quiet spell passed. */
    private List<RawPeer.Received> everythingUntilGivenUp(RawPeer peer) throws Exception {
        List<RawPeer.Received> all = new ArrayList<>();
        long end = System.nanoTime() + GIVE_UP.multipliedBy(3).toNanos();
        while (System.nanoTime() - end < 0) {
            RawPeer.Received r = peer.receive(Duration.ofMillis(100));
            if (r != null) {
                all.add(r);
            } else if (server.server.activeTransfers() == 0) {
                break;
            }
        }
        assertThat(server.server.activeTransfers()).as("the unanswered transfer was given up").isZero();
        return all;
    }

    /**
     * {@code got} without its last datagram when that is the ERROR of the give-up; asserts that
     * everything else is of {@code opening}'s kind.
     */
    private static List<RawPeer.Received> openingThenMaybeError(List<RawPeer.Received> got, Class<?> opening) {
        List<RawPeer.Received> openings = got;
        if (!got.isEmpty() && got.getLast().packet() instanceof ErrorPacket) {
            openings = got.subList(0, got.size() - 1);
        }
        assertThat(openings).allSatisfy(r -> assertThat(r.packet()).isInstanceOf(opening));
        return openings;
    }

    private static int bytes(List<RawPeer.Received> datagrams) {
        return datagrams.stream().mapToInt(r -> r.bytes().length).sum();
    }

    @Test
    void aPlainReadNobodyAnswersGetsOneDataBlockAndNothingMore() throws Exception {
        RawPeer silent = peer("127.0.0.5");
        silent.send(RawPackets.rrq("f.bin", "octet"), server.address());

        List<RawPeer.Received> got = everythingUntilGivenUp(silent);

        // RFC 1350 makes DATA 1 the first reply to a plain RRQ; before the budget the server
        // resent it on every timeout and added an ERROR (421x the RRQ, measured by a probe).
        assertThat(got).singleElement().satisfies(r -> assertThat(r.packet(Data.class).block()).isEqualTo(1));
        assertThat(server.reports).singleElement().satisfies(r -> assertThat(r.succeeded()).isFalse());
    }

    @Test
    void aReadWithOptionsNobodyAnswersGetsAtMostThreeTimesItsRequest() throws Exception {
        RawPeer silent = peer("127.0.0.6");
        byte[] rrq = RawPackets.rrq("f.bin", "octet", "blksize", "1024", "tsize", "0");
        silent.send(rrq, server.address());

        List<RawPeer.Received> got = everythingUntilGivenUp(silent);

        // The OACK and its retransmissions, then the give-up ERROR if it still fits the budget.
        assertThat(openingThenMaybeError(got, OptionAck.class)).as("the small OACK is retransmitted within the budget")
                .hasSizeGreaterThan(1);
        assertThat(bytes(got)).isLessThanOrEqualTo(3 * rrq.length);
    }

    @Test
    void aClientThatLostTheFirstReplyGetsItAgainByAskingAgain() throws Exception {
        RawPeer client = peer("127.0.0.7");
        byte[] rrq = RawPackets.rrq("f.bin", "octet");
        client.send(rrq, server.address());
        RawPeer.Received lost = client.expect(); // as if it never arrived

        long asked = System.nanoTime();
        client.send(rrq, server.address());
        RawPeer.Received again = client.expect();

        assertThat(again.from()).as("the same transfer answers").isEqualTo(lost.from());
        assertThat(again.bytes()).isEqualTo(lost.bytes());
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("at once, not on a timer")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(sha256(client.receiveLockstep(again, 512))).isEqualTo(sha256(server.file("f.bin")));
    }

    @Test
    void anAddressThatHasAnsweredGetsItsOpeningsRetransmittedAsUsual() throws Exception {
        RawPeer first = peer("127.0.0.8");
        first.send(RawPackets.rrq("f.bin", "octet"), server.address());
        first.receiveLockstep(first.expect(), 512);

        RawPeer later = peer("127.0.0.8"); // the same host, another port, and this time silent
        later.send(RawPackets.rrq("f.bin", "octet"), server.address());
        List<RawPeer.Received> got = everythingUntilGivenUp(later);

        assertThat(openingThenMaybeError(got, Data.class)).as("DATA 1 and its retransmissions").hasSizeGreaterThan(1)
                .allSatisfy(r -> assertThat(r.packet(Data.class).block()).isEqualTo(1));
    }

    @Test
    void oneHostsUnansweredRequestsCannotTakeTheSlotsOfOthers() throws Exception {
        // 70 requests that never answer, from 70 ports of one host, against 64 slots: before the
        // budgets every slot was taken and every other client was told "server busy".
        for (int i = 0; i < 70; i++) {
            peer("127.0.0.9").send(RawPackets.rrq("f.bin", "octet"), server.address());
        }
        Thread.sleep(200);
        assertThat(server.server.activeTransfers()).as("at most 32 unanswered for one address")
                .isLessThanOrEqualTo(32);

        assertAnotherHostIsServed();
    }

    @Test
    void unansweredRequestsFromManyHostsGiveWayToAClientThatAnswers() throws Exception {
        // 100 hosts (or forged addresses) against 64 slots: the oldest unanswered transfer makes
        // room for each newcomer, and a transfer whose client answered keeps its slot.
        for (int host = 1; host <= 100; host++) {
            peer("127.0.1." + host).send(RawPackets.rrq("f.bin", "octet"), server.address());
        }
        Thread.sleep(200);
        assertThat(server.server.activeTransfers()).isLessThanOrEqualTo(64);

        assertAnotherHostIsServed();
    }

    @Test
    void aRepeatedRequestGetsOneReplyPerRepeatAndNoMore() throws Exception {
        RawPeer client = peer("127.0.0.10");
        byte[] rrq = RawPackets.rrq("f.bin", "octet");
        for (int i = 0; i < 3; i++) {
            client.send(rrq, server.address());
        }
        List<RawPeer.Received> got = everythingUntilGivenUp(client);

        assertThat(got).hasSize(3).allSatisfy(r -> {
            assertThat(r.from()).isEqualTo(got.getFirst().from());
            assertThat(r.packet(Data.class).block()).isEqualTo(1);
        });
    }

    /** A client on 127.0.0.1 gets the file, bit-exact, while whatever the test started still runs. */
    private void assertAnotherHostIsServed() throws Exception {
        Path local = dir.resolve("copy.bin");
        TransferResult result = new TftpClient().get(server.address(), "f.bin", local, EndToEnd.WINDOWED);
        assertThat(sha256(local)).isEqualTo(sha256(server.file("f.bin")));
        assertThat(result.bytes()).isEqualTo(20 * 512 + 7);
    }

    @Test
    void aTransferWhoseClientAnsweredIsNeverDroppedForANewcomer() throws Exception {
        RawPeer slow = peer("127.0.0.11");
        slow.send(RawPackets.rrq("f.bin", "octet"), server.address());
        RawPeer.Received first = slow.expect();
        slow.send(new Ack(1), first.from());
        RawPeer.Received second = slow.expect();

        for (int host = 1; host <= 100; host++) {
            peer("127.0.2." + host).send(RawPackets.rrq("f.bin", "octet"), server.address());
        }
        Thread.sleep(200);

        // The answered transfer still runs: it carries on from DATA 2 to the end.
        InetSocketAddress tid = first.from();
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        whole.writeBytes(first.packet(Data.class).bytes());
        RawPeer.Received r = second;
        for (int block = 2; ; block++) {
            assertThat(r.from()).isEqualTo(tid);
            Data data = r.packet(Data.class);
            while (data.block() < block) { // DATA 2 was retransmitted while the newcomers came in
                r = slow.expect();
                data = r.packet(Data.class);
            }
            assertThat(data.block()).isEqualTo(block);
            whole.writeBytes(data.bytes());
            slow.send(new Ack(block), tid);
            if (data.length() < 512) {
                break;
            }
            r = slow.expect();
        }
        assertThat(sha256(whole.toByteArray())).isEqualTo(sha256(server.file("f.bin")));
    }
}
