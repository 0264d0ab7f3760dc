package netdisk.udp.server;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import netdisk.udp.blocks.BlockSinks;
import netdisk.udp.blocks.BlockSources;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.TftpOptions;

/**
 * Serves one folder to anyone, as a plain TFTP server does: read-only unless told otherwise.
 * Uploads replace a file of the same name only once complete (the sink writes a temp file).
 */
public final class RootFolderHandler implements RequestHandler {

    private final FileRoot root;
    private final boolean writable;

    public RootFolderHandler(FileRoot root, boolean writable) {
        this.root = root;
        this.writable = writable;
    }

    public static RootFolderHandler readOnly(Path folder) throws IOException {
        return new RootFolderHandler(new FileRoot(folder), false);
    }

    @Override
    public ReadGrant read(TransferRequest request) throws RequestRefusedException {
        Path file = root.resolveForRead(request.filename());
        try {
            return new ReadGrant(BlockSources.forFile(file, request.mode(), 0), TftpOptions.NONE, request.filename());
        } catch (NoSuchFileException e) {
            throw new RequestRefusedException(ErrorCode.FILE_NOT_FOUND, "file not found: " + request.filename());
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot open " + request.filename());
        }
    }

    @Override
    public WriteGrant write(TransferRequest request) throws RequestRefusedException {
        if (!writable) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "this server is read-only");
        }
        Path target = root.resolveForWrite(request.filename());
        checkSpace(target, request.options());
        try {
            return new WriteGrant(BlockSinks.forFile(target, request.mode()), TftpOptions.NONE, request.filename());
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot create " + request.filename());
        }
    }

    /** RFC 2349: a server may refuse a write whose announced size it cannot hold (ERROR 3). */
    static void checkSpace(Path target, TftpOptions options) throws RequestRefusedException {
        var tsize = options.get(KnownOption.TSIZE.wireName());
        if (tsize.isEmpty()) {
            return;
        }
        try {
            long size = KnownOption.TSIZE.parse(tsize.get());
            long usable = java.nio.file.Files.getFileStore(target.getParent()).getUsableSpace();
            if (size > usable) {
                throw new RequestRefusedException(ErrorCode.DISK_FULL,
                        "not enough space: " + size + " bytes announced, " + usable + " free");
            }
        } catch (MalformedPacketException | IOException e) {
            // The codec already checked the syntax; an unreadable file store is not a reason to refuse.
        }
    }
}
