package netdisk.services.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.options.ExtensionOptions;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * Stops a transfer that carried a session token before any data moves when the server's first
 * answer does not acknowledge the token ({@code netdisk-token=ok}, spec/protocol.md 5.1). A stock
 * server ignores the option and would serve — or take — a public file of the same name; so would
 * the engine's retry without options after an ERROR 8.
 */
final class TokenCheck {

    private final String server;
    private boolean refused;

    TokenCheck(String server) {
        this.server = server;
    }

    /** Whether the check stopped the transfer. */
    boolean refused() {
        return refused;
    }

    TokenNotAcknowledgedException exception() {
        return new TokenNotAcknowledgedException("the server at " + server + " did not acknowledge the session token"
                + " (" + ExtensionOptions.TOKEN + "): it is not a netdisk server, or it ignored our options;"
                + " nothing was transferred");
    }

    private void check(TftpOptions acknowledged) throws IOException {
        if (!acknowledged.get(ExtensionOptions.TOKEN).map("ok"::equals).orElse(false)) {
            refused = true;
            throw exception();
        }
    }

    BlockSink guard(BlockSink sink) {
        return new BlockSink() {
            @Override
            public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
                check(acknowledged);
                sink.begin(parameters, acknowledged);
            }

            @Override
            public void write(ByteBuffer payload) throws IOException {
                sink.write(payload);
            }

            @Override
            public void complete() throws IOException {
                sink.complete();
            }

            @Override
            public void abort() {
                sink.abort();
            }

            @Override
            public long bytesReceived() {
                return sink.bytesReceived();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }

    BlockSource guard(BlockSource source) {
        return new BlockSource() {
            @Override
            public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
                check(acknowledged);
                source.begin(parameters, acknowledged);
            }

            @Override
            public int read(long block, ByteBuffer dst) throws IOException {
                return source.read(block, dst);
            }

            @Override
            public long size() {
                return source.size();
            }

            @Override
            public void acknowledged(long block) {
                source.acknowledged(block);
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }
}
