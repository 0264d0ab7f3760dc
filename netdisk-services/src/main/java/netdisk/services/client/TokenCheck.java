package netdisk.services.client;

import java.io.IOException;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.blocks.ForwardingBlockSink;
import netdisk.udp.blocks.ForwardingBlockSource;
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
        return new ForwardingBlockSink(sink) {
            @Override
            public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
                check(acknowledged);
                delegate.begin(parameters, acknowledged);
            }
        };
    }

    BlockSource guard(BlockSource source) {
        return new ForwardingBlockSource(source) {
            @Override
            public void begin(TransferParameters parameters, TftpOptions acknowledged) throws IOException {
                check(acknowledged);
                delegate.begin(parameters, acknowledged);
            }
        };
    }
}
