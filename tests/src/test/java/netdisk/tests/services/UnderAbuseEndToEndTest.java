package netdisk.tests.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import netdisk.services.client.NetdiskClient;
import netdisk.services.client.TransferSettings;
import netdisk.services.client.Via;
import netdisk.testkit.Digests;
import netdisk.testkit.TestData;
import netdisk.tests.ServerProcess;
import netdisk.udp.io.DatagramPortFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardening issue's load case: 200 gets and puts at once over both paths while an abuser on
 * other loopback addresses runs findings 2-4 — option-stuffed RRQs at the well-known port, RRQs
 * that never answer, and control connections that park (hello and silence, a frame header and
 * nothing). Every legitimate transfer must complete bit-exact. The server runs as its own process
 * (its threads, fds and memory are measured); the abuser runs under its default budgets, and the
 * 200 legitimate clients, all on 127.0.0.1 here where a LAN would spread them over hosts, get
 * per-address budgets that fit them (--max-transfers-per-address, --max-connections-per-address).
 * Every loop is bounded.
 */
@Timeout(240)
class UnderAbuseEndToEndTest {

    private static final int EACH = 50; // of UDP get, UDP put, TCP get, TCP put
    private static final int SIZE = 256 * 1024;

    @TempDir
    Path dir;

    private ServerProcess server;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<AutoCloseable> abuse = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        stop.set(true);
        for (AutoCloseable c : abuse) {
            try {
                c.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private NetdiskClient client() throws IOException {
        return NetdiskClient.connect(server.address(), RunningServer.CLIENT_TIMEOUT, DatagramPortFactory.udp());
    }

    @Test
    void twoHundredTransfersCompleteBitExactWhileAnAbuserRunsFindingsTwoToFour() throws Exception {
        Path jar = Path.of(System.getProperty("netdisk.jar", "../tools/target/netdisk.jar")).toAbsolutePath();
        assertThat(jar).as("the netdisk jar (./run-tests builds it before this module)").isRegularFile();
        // The server in a process of its own, so that its threads, fds and memory are its own.
        server = ServerProcess.start(jar, dir.resolve("data"), dir,
                "--max-transfers-per-address", "256", "--max-connections-per-address", "256");
        String token;
        try (NetdiskClient client = client()) {
            client.register("alice", RunningServer.passwordOf("alice"));
            token = client.login("alice", RunningServer.passwordOf("alice")).token();
        }
        Path home = dir.resolve("data/users/alice");
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 2 * EACH; i++) {
            digests.add(TestData.writeRandom(home.resolve("g" + i), SIZE, i));
        }
        List<Path> uploads = new ArrayList<>();
        for (int i = 0; i < 2 * EACH; i++) {
            Path local = dir.resolve("u" + i);
            TestData.writeRandom(local, SIZE, 1000 + i);
            uploads.add(local);
        }

        AbuseCounts counts = startAbuse(server.address(), server.address());
        java.util.concurrent.atomic.AtomicReference<ServerProcess.Usage> peak =
                new java.util.concurrent.atomic.AtomicReference<>(server.usage());
        Thread.ofPlatform().daemon().start(() -> { // samples the server while it works
            while (!stop.get()) {
                peak.accumulateAndGet(server.usage(), ServerProcess.Usage::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4 * EACH);
        List<Future<?>> transfers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 4 * EACH; i++) {
            int n = i;
            transfers.add(pool.submit(() -> {
                go.await();
                Via via = n % 2 == 0 ? Via.UDP : Via.TCP;
                int k = n / 2;
                try (NetdiskClient client = client()) {
                    TransferSettings settings = TransferSettings.defaults().via(via);
                    if (k < EACH) { // gets: files g0..g99, one per client
                        int file = k + (via == Via.UDP ? 0 : EACH);
                        Path copy = dir.resolve("copy" + n);
                        client.get(token, "g" + file, copy, settings, null);
                        assertThat(Digests.sha256(copy)).isEqualTo(digests.get(file));
                    } else {
                        int file = k - EACH + (via == Via.UDP ? 0 : EACH);
                        client.put(token, uploads.get(file), "u" + file, settings, null);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> t : transfers) {
            t.get(180, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        for (int i = 0; i < 2 * EACH; i++) {
            assertThat(Digests.sha256(home.resolve("u" + i))).isEqualTo(Digests.sha256(uploads.get(i)));
        }
        ServerProcess.Usage used = peak.accumulateAndGet(server.usage(), ServerProcess.Usage::max);
        System.out.printf("under abuse: %d transfers of %d KiB in %.1f s; abuser sent %d stuffed RRQs, %d unanswered"
                        + " RRQs, opened %d parked connections; the server process peaked at %d threads, %d fds,"
                        + " %d MiB RSS%n",
                4 * EACH, SIZE / 1024, seconds, counts.stuffed.get(), counts.unanswered.get(), counts.parked.get(),
                used.threads(), used.fds(), used.peakRssKib() / 1024);
        assertThat(counts.stuffed.get()).isPositive();
        assertThat(counts.parked.get()).isGreaterThan(256);
    }

    private record AbuseCounts(AtomicInteger stuffed, AtomicInteger unanswered, AtomicInteger parked) { }

    private AbuseCounts startAbuse(InetSocketAddress udp, InetSocketAddress control) throws Exception {
        AbuseCounts counts = new AbuseCounts(new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        // Finding 4: 300 connections from ten hosts that say hello and fall silent, and a few
        // frame headers that promise a megabyte and send nothing. Then more, while it runs.
        for (int i = 0; i < 300; i++) {
            abuse.add(parked(control, "127.0.4." + (1 + i % 10), i % 50 == 0, counts));
        }
        Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < 300 && !stop.get(); i++) {
                try {
                    abuse.add(parked(control, "127.0.5." + (1 + i % 10), false, counts));
                    Thread.sleep(10);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        // Finding 2: RRQs stuffed with 13,090 empty options (65,466 bytes each).
        byte[] stuffed = stuffedRrq();
        DatagramSocket stuffer = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        abuse.add(stuffer);
        Thread.ofPlatform().daemon().start(() -> {
            for (int i = 0; i < 40 && !stop.get(); i++) {
                try {
                    stuffer.send(new DatagramPacket(stuffed, stuffed.length, udp));
                    counts.stuffed.incrementAndGet();
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        // Finding 3: RRQs that never answer, 520 from one host and one each from 100 more.
        byte[] rrq = "\u0000\u0001g0\u0000octet\u0000".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 620; i++) {
            String from = i < 520 ? "127.0.0.3" : "127.0.6." + (i - 519);
            DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0));
            abuse.add(silent);
            silent.send(new DatagramPacket(rrq, rrq.length, udp));
            counts.unanswered.incrementAndGet();
        }
        return counts;
    }

    private static Socket parked(InetSocketAddress control, String from, boolean slowFrame, AbuseCounts counts)
            throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(control, 5000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        if (slowFrame) {
            out.writeInt(1 << 20); // and nothing more
        } else {
            byte[] hello = "{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"parked\"}"
                    .getBytes(StandardCharsets.UTF_8);
            out.writeInt(hello.length);
            out.write(hello);
        }
        out.flush();
        counts.parked.incrementAndGet();
        return socket; // never read: its answers wait in the socket's buffer
    }

    private static byte[] stuffedRrq() {
        ByteBuffer b = ByteBuffer.allocate(65_466);
        b.put(new byte[] {0, 1}).put((byte) 'f').put((byte) 0).put("octet".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 0);
        while (b.remaining() >= 2) {
            b.put((byte) 0).put((byte) 0); // an empty option name and an empty value
        }
        return b.array();
    }
}
