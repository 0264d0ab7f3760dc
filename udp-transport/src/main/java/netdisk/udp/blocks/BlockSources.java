package netdisk.udp.blocks;

import java.io.IOException;
import java.nio.file.Path;
import netdisk.udp.packet.TransferMode;

/** Picks the {@link BlockSource} for a local file and a transfer mode. */
public final class BlockSources {

    private BlockSources() {}

    /** The whole of {@code file}, sent in {@code mode}. */
    public static BlockSource forFile(Path file, TransferMode mode) throws IOException {
        return forFile(file, mode, 0);
    }

    /**
     * {@code file} from byte {@code startOffset} on (block 1 begins there), sent in {@code mode}.
     *
     * @throws IllegalArgumentException for mode {@code mail} (RFC 1350 calls it obsolete), for a
     *     start offset in netascii (wire and file offsets differ there, so resuming is octet
     *     only), or for a start offset outside the file
     */
    public static BlockSource forFile(Path file, TransferMode mode, long startOffset)
            throws IOException {
        return switch (mode) {
            case OCTET -> FileBlockSource.open(file, startOffset);
            case NETASCII -> {
                if (startOffset != 0) {
                    throw new IllegalArgumentException(
                            "netascii transfers cannot start at an offset: " + startOffset);
                }
                yield new NetasciiBlockSource(FileBlockSource.open(file));
            }
            case MAIL -> throw new IllegalArgumentException("mode mail is not supported");
        };
    }
}
