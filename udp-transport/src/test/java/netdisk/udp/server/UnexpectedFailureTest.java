package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import netdisk.udp.TestData;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.blocks.ByteArrayBlockSource;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TftpException;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.transfer.TransferFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An unchecked exception in a handler or a sink (a bug, a file system the JVM cannot name files
 * on) ends the transfer with ERROR 0 at once: the client is not left to time out, an upload's
 * sink is aborted, and the listener hears of it. The server goes on serving.
 */
@Timeout(20)
class UnexpectedFailureTest {

    private static final byte[] DATA = TestData.randomBytes(5_000, 11);

    /** Reads of "boom" throw; writes get a sink that throws on its third block. */
    private static final class FaultyHandler implements RequestHandler {
        final AtomicBoolean aborted = new AtomicBoolean();

        @Override
        public ReadGrant read(TransferRequest request) {
            if (request.filename().equals("boom")) {
                throw new IllegalStateException("a bug in the handler");
            }
            return new ReadGrant(new ByteArrayBlockSource(DATA), TftpOptions.NONE, request.filename(), p -> TftpOptions.NONE);
        }

        @Override
        public WriteGrant write(TransferRequest request) {
            return new WriteGrant(new ThrowingSink(aborted), TftpOptions.NONE, request.filename());
        }
    }

    private static final class ThrowingSink implements BlockSink {
        private final AtomicBoolean aborted;
        private int blocks;

        ThrowingSink(AtomicBoolean aborted) {
            this.aborted = aborted;
        }

        @Override
        public void write(ByteBuffer payload) {
            if (++blocks == 3) {
                throw new IllegalArgumentException("a bug in the sink");
            }
            payload.position(payload.limit());
        }

        @Override
        public void complete() {}

        @Override
        public void abort() {
            aborted.set(true);
        }

        @Override
        public long bytesReceived() {
            return 0;
        }

        @Override
        public void close() {
            abort();
        }
    }

    private static TftpServer start(RequestHandler handler, BlockingQueue<TransferReport> reports) throws IOException {
        return TftpServer.start(ServerConfig.builder(handler)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(reports::add)
                .build());
    }

    @Test
    void aHandlerThatThrowsAnswersErrorZeroAndTheServerGoesOn() throws Exception {
        BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
        try (TftpServer server = start(new FaultyHandler(), reports)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> new TftpClient().get(server.localAddress(), "boom", new ByteArrayBlockSink(),
                    TransferOptions.defaults()))
                    .isInstanceOfSatisfying(TftpException.class, e -> {
                        assertThat(e.failure().kind()).isEqualTo(TransferFailure.Kind.REMOTE_ERROR);
                        assertThat(e.failure().code()).isEqualTo(ErrorCode.NOT_DEFINED.code());
                        assertThat(e.failure().message()).contains("internal server error");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("answered, not timed out").isLessThan(Duration.ofSeconds(5));

            TransferReport report = reports.poll(5, TimeUnit.SECONDS);
            assertThat(report).isNotNull();
            assertThat(report.failure().kind()).isEqualTo(TransferFailure.Kind.LOCAL_IO);
            assertThat(report.failure().message()).contains("a bug in the handler");

            ByteArrayBlockSink sink = new ByteArrayBlockSink();
            new TftpClient().get(server.localAddress(), "fine", sink, TransferOptions.defaults());
            assertThat(sink.bytes()).isEqualTo(DATA);
        }
    }

    @Test
    void aSinkThatThrowsMidTransferIsAbortedAndTheClientHearsErrorZero() throws Exception {
        BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
        FaultyHandler handler = new FaultyHandler();
        try (TftpServer server = start(handler, reports)) {
            assertThatThrownBy(() -> new TftpClient().put(server.localAddress(), new ByteArrayBlockSource(DATA), "up",
                    TransferOptions.defaults()))
                    .isInstanceOfSatisfying(TftpException.class, e -> {
                        assertThat(e.failure().code()).isEqualTo(ErrorCode.NOT_DEFINED.code());
                        assertThat(e.failure().message()).contains("internal server error");
                    });
            TransferReport report = reports.poll(5, TimeUnit.SECONDS);
            assertThat(report).isNotNull();
            assertThat(report.direction()).isEqualTo(TransferReport.Direction.WRITE);
            assertThat(report.failure().message()).contains("a bug in the sink");
            assertThat(handler.aborted).isTrue();
        }
    }

    /**
     * An ERROR that cannot be sent (the socket fails) must not lose the rest: before, the failed
     * send escaped, so the sink was never aborted (an upload's part file stayed) and no report came.
     */
    @Test
    void aSinkThatThrowsIsAbortedAndReportedEvenWhenTheErrorCannotBeSent() throws Exception {
        BlockingQueue<TransferReport> reports = new LinkedBlockingQueue<>();
        FaultyHandler handler = new FaultyHandler();
        netdisk.udp.io.DatagramPortFactory errorsFail = local -> new netdisk.udp.io.ForwardingDatagramPort(
                netdisk.udp.io.DatagramPortFactory.udp().open(local)) {
            @Override
            public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
                if (datagram.getShort(datagram.position()) == 5) {
                    throw new IOException("the socket failed");
                }
                super.send(datagram, target);
            }
        };
        try (TftpServer server = TftpServer.start(ServerConfig.builder(handler)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .transferPorts(errorsFail)
                .listener(reports::add)
                .build())) {
            Thread client = Thread.ofVirtual().start(() -> {
                try {
                    new TftpClient().put(server.localAddress(), new ByteArrayBlockSource(DATA), "up",
                            TransferOptions.defaults());
                } catch (IOException expected) {
                    // it hears nothing and gives up, or is stopped below
                }
            });
            try {
                TransferReport report = reports.poll(10, TimeUnit.SECONDS);
                assertThat(report).as("the transfer was reported").isNotNull();
                assertThat(report.failure().message()).contains("a bug in the sink");
                assertThat(handler.aborted).as("the sink was aborted").isTrue();
            } finally {
                client.interrupt();
            }
        }
    }
}
