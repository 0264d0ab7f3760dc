package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.file.Path;
import netdisk.udp.packet.TransferMode;

/** Picks the {@link BlockSink} for a local target file and a transfer mode. */
public final class BlockSinks {

    private BlockSinks() {}

    /**
     * A sink that replaces {@code target} atomically when complete, receiving in {@code mode}.
     * Creates the hidden part file in the target's folder now (see {@link FileBlockSink}).
     *
     * @throws IllegalArgumentException for mode {@code mail}
     */
    public static BlockSink forFile(Path target, TransferMode mode) throws IOException {
        return switch (mode) {
            case OCTET -> FileBlockSink.create(target);
            case NETASCII -> new NetasciiBlockSink(FileBlockSink.create(target));
            case MAIL -> throw new IllegalArgumentException("mode mail is not supported");
        };
    }
}
