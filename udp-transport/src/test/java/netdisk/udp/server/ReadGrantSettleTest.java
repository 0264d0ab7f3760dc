package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import netdisk.udp.TestData;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.blocks.ByteArrayBlockSink;
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
 * {@link ReadGrant.Settle}: a read positioned by the granted block size, confirmed in the OACK
 * (the hook netdisk's resume needs, spec/protocol.md 5.1).
 */
@Timeout(20)
class ReadGrantSettleTest {

    private static final byte[] DATA = TestData.randomBytes(10_000, 7);

    /** Starts {@code x-skip} blocks of the GRANTED size in, and says so in the OACK. */
    private static final class SkippingHandler implements RequestHandler {
        final AtomicReference<TransferParameters> settledWith = new AtomicReference<>();

        @Override
        public ReadGrant read(TransferRequest request) throws RequestRefusedException {
            long skip = Long.parseLong(request.options().get("x-skip").orElse("0"));
            if (skip < 0) {
                throw new RequestRefusedException(ErrorCode.OPTION_NEGOTIATION, "negative skip");
            }
            OffsetSource source = new OffsetSource();
            return new ReadGrant(source, TftpOptions.NONE, request.filename(), parameters -> {
                settledWith.set(parameters);
                if (skip == 99) {
                    throw new RequestRefusedException(ErrorCode.OPTION_NEGOTIATION, "skip 99 refused late");
                }
                source.offset = skip * parameters.blockSize();
                return request.options().contains("x-skip") ? TftpOptions.of("x-skip", Long.toString(skip)) : TftpOptions.NONE;
            });
        }

        @Override
        public WriteGrant write(TransferRequest request) throws RequestRefusedException {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "read-only");
        }
    }

    private static final class OffsetSource implements BlockSource {
        long offset = -1;

        @Override
        public int read(long block, ByteBuffer dst) {
            assertThat(offset).as("settled before the first read").isNotNegative();
            long from = offset + (block - 1) * dst.remaining();
            int n = (int) Math.max(0, Math.min(dst.remaining(), DATA.length - from));
            dst.put(DATA, (int) from, n);
            return n;
        }

        @Override
        public long size() {
            return -1;
        }

        @Override
        public void close() {}
    }

    private static TftpServer start(RequestHandler handler) throws IOException {
        return TftpServer.start(ServerConfig.builder(handler)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .limits(new ServerLimits(512, 8))
                .build());
    }

    @Test
    void settlesWithTheGrantedBlockSizeAndAcknowledgesItsExtension() throws Exception {
        SkippingHandler handler = new SkippingHandler();
        try (TftpServer server = start(handler)) {
            ByteArrayBlockSink sink = new ByteArrayBlockSink();
            TransferOptions options = TransferOptions.defaults().withBlockSize(1024).withAskSize(false)
                    .withExtensions(TftpOptions.of("x-skip", "3"));

            TransferResult result = new TftpClient().get(server.localAddress(), "f", sink, options);

            assertThat(handler.settledWith.get().blockSize()).isEqualTo(512);
            assertThat(result.acknowledged().get("x-skip")).contains("3");
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOfRange(DATA, 3 * 512, DATA.length));
        }
    }

    @Test
    void aRefusalWhileSettlingReachesTheClientInsteadOfAnOack() throws Exception {
        try (TftpServer server = start(new SkippingHandler())) {
            TransferOptions options = TransferOptions.defaults().withAskSize(false)
                    .withExtensions(TftpOptions.of("x-skip", "99"));

            // ERROR 8 makes the client retry once without options: that plain read then succeeds
            // from 0 — so the refusal shows in the fallback.
            ByteArrayBlockSink sink = new ByteArrayBlockSink();
            TransferResult result = new TftpClient().get(server.localAddress(), "f", sink, options);

            assertThat(result.fellBack()).isTrue();
            assertThat(sink.bytes()).isEqualTo(DATA);
        }
    }
}
