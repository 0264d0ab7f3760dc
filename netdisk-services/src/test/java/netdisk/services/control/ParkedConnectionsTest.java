package netdisk.services.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import netdisk.services.client.ControlClient;
import netdisk.services.wire.FrameReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening finding 4 on real sockets: connections that park on a slot (hello, then nothing; or
 * a frame trickling in) give way to a newcomer once every slot is taken, while connections that
 * are moving a file keep theirs (spec/control.md, "Limits"). Other 127.x addresses play other hosts.
 */
class ParkedConnectionsTest {

    @TempDir
    Path dir;

    private ControlFixture fx;
    private final List<RawPeer> peers = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawPeer p : peers) {
            p.close();
        }
        fx.close();
    }

    private void start(ControlLimits limits) throws IOException {
        fx = new ControlFixture(dir.resolve("data"), b -> b.limits(limits));
    }

    private RawPeer peer(String from) throws IOException {
        RawPeer p = new RawPeer(fx.address(), InetAddress.getByName(from));
        peers.add(p);
        return p;
    }

    private static void assertGaveWay(RawPeer parked) throws IOException {
        ObjectNode answer = parked.read();
        assertThat(RawPeer.code(answer)).isEqualTo("BUSY");
        assertThat(answer.path("error").path("message").asText()).startsWith("closed to make room");
        assertThat(parked.closedWithin(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void theProbesIdleConnectionsNoLongerKeepOthersOut() throws Exception {
        start(ControlLimits.defaults());
        // 270 connections that say hello and idle, 30 from each of nine hosts (under the share of
        // one address), against 256 slots: before, `ls` was refused as busy for five minutes.
        for (int host = 2; host <= 10; host++) {
            for (int i = 0; i < 30; i++) {
                peer("127.0.0." + host).hello();
            }
        }
        String token = fx.tokenFor("owner");
        try (ControlClient c = fx.client()) {
            assertThat(c.ls(token)).isEmpty();
        }
        assertThat(fx.server.activeConnections()).isLessThanOrEqualTo(256);
    }

    @Test
    void anIdleConnectionGivesWayWhenEverySlotIsTakenAndTheOthersKeepWorking() throws Exception {
        start(ControlLimits.defaults().withMaxConnections(3));
        RawPeer oldest = peer("127.0.0.2").hello();
        RawPeer second = peer("127.0.0.3").hello();
        RawPeer third = peer("127.0.0.4").hello();

        try (ControlClient c = fx.client()) {
            assertThat(c.serverInfo().version()).isEqualTo(1);
        }
        assertGaveWay(oldest);
        second.hello(); // still served
        third.hello();
    }

    @Test
    void aFrameTricklingInGivesWayToo() throws Exception {
        start(ControlLimits.defaults().withMaxConnections(2));
        RawPeer slow = peer("127.0.0.2").hello();
        slow.sendLength(1000).send(new byte[] {'{'}); // and nothing more for now
        peer("127.0.0.3").hello();

        try (ControlClient c = fx.client()) {
            assertThat(c.serverInfo().version()).isEqualTo(1);
        }
        assertGaveWay(slow);
    }

    @Test
    void aConnectionWithoutAHelloGivesWayBeforeOnesThatWaitedLess() throws Exception {
        start(ControlLimits.defaults().withMaxConnections(2));
        RawPeer silent = peer("127.0.0.2"); // never says hello
        RawPeer idle = peer("127.0.0.3").hello();

        try (ControlClient c = fx.client()) {
            assertThat(c.serverInfo().version()).isEqualTo(1);
        }
        assertGaveWay(silent);
        idle.hello();
    }

    @Test
    void connectionsMovingFilesKeepTheirSlotsAndTheNewcomerIsToldBusy() throws Exception {
        start(ControlLimits.defaults().withMaxConnections(2));
        String token = fx.tokenFor("up");
        fx.awaitNoConnections();
        // From 127.0.0.1, where the token was issued (a session is bound to its address).
        List<RawPeer> uploading = List.of(peer("127.0.0.1"), peer("127.0.0.1"));
        int n = 0;
        for (RawPeer p : uploading) {
            p.hello().sendFrame("{\"op\":\"upload\",\"id\":2,\"token\":\"" + token + "\",\"name\":\"f"
                    + (++n) + "\",\"size\":2000}");
            ObjectNode ready = p.read();
            assertThat(ready.path("ready").asBoolean()).as(ready.toString()).isTrue();
            p.send(new byte[1000]);
        }

        try (RawPeer newcomer = peer("127.0.0.2")) {
            ObjectNode answer = newcomer.read();
            assertThat(RawPeer.code(answer)).isEqualTo("BUSY");
            assertThat(answer.path("error").path("message").asText()).startsWith("server busy: 2 connections");
        }
        for (RawPeer p : uploading) {
            p.send(new byte[1000]);
            assertThat(p.read().path("size").asLong()).as("the upload finished").isEqualTo(2000);
        }
        assertThat(Files.size(fx.home("up").resolve("f1"))).isEqualTo(2000);
    }

    @Test
    void oneAddressBeyondItsShareIsToldBusyWhileAnotherIsServed() throws Exception {
        start(ControlLimits.defaults().withMaxPerAddress(2));
        peer("127.0.0.2").hello();
        peer("127.0.0.2").hello();

        ObjectNode answer = peer("127.0.0.2").read();
        assertThat(RawPeer.code(answer)).isEqualTo("BUSY");
        assertThat(answer.path("error").path("message").asText())
                .isEqualTo("too many connections from your address (2); close some and try again");
        peer("127.0.0.3").hello();
    }

    /** Found under abuse: a connection told to give way before its thread started closed without a word. */
    @Test
    void aConnectionThatGivesWayBeforeItsThreadStartsStillSaysWhy() throws Exception {
        start(ControlLimits.defaults());
        var storage = netdisk.services.storage.Storage.open(dir.resolve("other"));
        ControlHandler handler = new ControlHandler(ControlConfig.builder(new InMemoryAccounts(storage), storage).build());
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                java.net.Socket client = new java.net.Socket(listener.getInetAddress(), listener.getLocalPort());
                java.net.Socket accepted = listener.accept()) {
            ControlConnection connection = new ControlConnection(accepted, handler, ControlLimits.defaults(), timer,
                    netdisk.services.ServedTransfer.Listener.NONE);
            assertThat(connection.waitingSinceNanos()).as("waiting on its client from the accept")
                    .isNotEqualTo(ConnectionSlots.NOT_WAITING);
            assertThat(connection.yieldSlot()).isTrue();
            Thread.ofVirtual().start(connection).join(10_000);

            client.setSoTimeout(10_000);
            ObjectNode answer = new FrameReader(client.getInputStream(), 4096).read();
            assertThat(RawPeer.code(answer)).isEqualTo("BUSY");
            assertThat(answer.path("error").path("message").asText()).isEqualTo(ControlConnection.GAVE_WAY);
        } finally {
            timer.shutdownNow();
        }
    }
}
