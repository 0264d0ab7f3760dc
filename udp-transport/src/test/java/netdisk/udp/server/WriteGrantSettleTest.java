package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import netdisk.udp.TestData;
import netdisk.udp.blocks.ByteArrayBlockSink;
import netdisk.udp.blocks.ByteArrayBlockSource;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.options.ServerLimits;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.TftpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WriteGrant.Settle}: a write whose OACK gains options that depend on the granted block
 * size (the hook netdisk's upload resume needs, spec/protocol.md 5.1), and may still be refused.
 */
@Timeout(20)
class WriteGrantSettleTest {

    private static final byte[] DATA = TestData.randomBytes(10_000, 8);

    /** Confirms {@code x-held} in blocks of the GRANTED size; 99 is refused while settling. */
    private static final class SettlingHandler implements RequestHandler {
        final AtomicReference<TransferParameters> settledWith = new AtomicReference<>();
        final AtomicReference<ByteArrayBlockSink> lastSink = new AtomicReference<>();

        @Override
        public ReadGrant read(TransferRequest request) throws RequestRefusedException {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "write-only");
        }

        @Override
        public WriteGrant write(TransferRequest request) {
            long held = Long.parseLong(request.options().get("x-held").orElse("0"));
            ByteArrayBlockSink sink = new ByteArrayBlockSink();
            lastSink.set(sink);
            return new WriteGrant(sink, TftpOptions.NONE, request.filename(), parameters -> {
                settledWith.set(parameters);
                assertThat(sink.bytesReceived()).as("settled before any block").isZero();
                if (held == 99) {
                    throw new RequestRefusedException(ErrorCode.OPTION_NEGOTIATION, "held 99 refused late");
                }
                return request.options().contains("x-held")
                        ? TftpOptions.of("x-held", Long.toString(held * 1024 / parameters.blockSize()))
                        : TftpOptions.NONE;
            });
        }
    }

    private static TftpServer start(RequestHandler handler) throws IOException {
        return TftpServer.start(ServerConfig.builder(handler)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .limits(new ServerLimits(512, 8))
                .build());
    }

    @Test
    void settlesWithTheGrantedBlockSizeAndAcknowledgesItsExtension() throws Exception {
        SettlingHandler handler = new SettlingHandler();
        try (TftpServer server = start(handler)) {
            TransferOptions options = TransferOptions.defaults().withBlockSize(1024).withFlowMode(false)
                    .withExtensions(TftpOptions.of("x-held", "3"));

            TransferResult result = new TftpClient().put(server.localAddress(), new ByteArrayBlockSource(DATA), "f",
                    options);

            assertThat(handler.settledWith.get().blockSize()).isEqualTo(512);
            assertThat(result.acknowledged().get("x-held")).contains("6");
            assertThat(handler.lastSink.get().bytes()).isEqualTo(DATA);
        }
    }

    @Test
    void aRefusalWhileSettlingReachesTheClientInsteadOfAnOack() throws Exception {
        SettlingHandler handler = new SettlingHandler();
        try (TftpServer server = start(handler)) {
            TransferOptions options = TransferOptions.defaults().withFlowMode(false)
                    .withExtensions(TftpOptions.of("x-held", "99"));

            // ERROR 8 makes the client retry once without options: that plain write then
            // succeeds — so the refusal shows in the fallback.
            TransferResult result = new TftpClient().put(server.localAddress(), new ByteArrayBlockSource(DATA), "f",
                    options);

            assertThat(result.fellBack()).isTrue();
            assertThat(handler.lastSink.get().bytes()).isEqualTo(DATA);
        }
    }
}
