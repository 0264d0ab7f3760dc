package netdisk.services.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSinks;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.blocks.BlockSources;
import netdisk.udp.client.TftpClient;
import netdisk.udp.client.TftpException;
import netdisk.udp.client.TransferOptions;
import netdisk.udp.client.TransferResult;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.packet.TftpOption;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.transfer.ProgressListener;

/**
 * netdisk's UDP client: get and put over TFTP with the session token, resuming broken
 * downloads (spec/protocol.md 5.1).
 *
 * <p>A {@code null} token means anonymous: the public area, read-only. With a token, a server
 * that does not acknowledge it fails the transfer with {@link TokenNotAcknowledgedException}
 * before any data moves. A download with a {@link RemoteIdentity} keeps a partial copy and its
 * {@link DownloadSidecar} when broken, continues it next time while the remote file is unchanged,
 * and verifies the SHA-256 before the file takes its place; failures leave the partial copy for
 * the next attempt (except a digest mismatch, which deletes it). Netascii downloads are never
 * resumed (file and wire offsets differ) nor verified.
 */
public final class UdpTransfers {

    private final TftpClient client;

    public UdpTransfers() {
        this(DatagramPortFactory.udp(), () -> false);
    }

    /** @param cancelled polled during transfers: true ends them (a download keeps its partial copy) */
    public UdpTransfers(DatagramPortFactory ports, BooleanSupplier cancelled) {
        this.client = new TftpClient(ports, cancelled);
    }

    /** Downloads {@code remote} into {@code local}. */
    public DownloadResult get(InetSocketAddress server, String token, String remote, Path local,
            DownloadOptions options, ProgressListener progress) throws IOException {
        TokenCheck check = new TokenCheck(describe(server));
        TransferOptions transfer = options.transfer().withProgress(orNone(progress));
        if (options.remote() == null || transfer.mode() != TransferMode.OCTET) {
            return plainGet(server, token, remote, local, transfer, check);
        }
        ResumableDownload download = ResumableDownload.prepare(local, describe(server), remote, options.remote());
        int asked = transfer.blockSize() > 0 ? transfer.blockSize() : KnownOption.DEFAULT_BLKSIZE;
        long blocks = download.planned() == StartedFrom.RESUMED ? download.heldBytes() / asked : 0;
        List<TftpOption> extensions = tokenOption(token);
        if (blocks > 0) {
            extensions.add(new TftpOption(ExtensionOptions.RESUME, Long.toString(blocks)));
        }
        ResumingBlockSink resuming = new ResumingBlockSink(download, blocks > 0);
        BlockSink sink = token == null ? resuming : check.guard(resuming);
        TransferResult result;
        try {
            result = client.get(server, remote, sink, withExtensions(transfer, extensions));
        } catch (TftpException e) {
            throw check.refused() ? check.exception() : TransferException.of(e);
        } finally {
            sink.close();
        }
        Path file = download.finish();
        return new DownloadResult(file, resuming.startedFrom(), resuming.offset(), options.remote().size(),
                options.remote().sha256(), result);
    }

    private DownloadResult plainGet(InetSocketAddress server, String token, String remote, Path local,
            TransferOptions transfer, TokenCheck check) throws IOException {
        BlockSink file = BlockSinks.forFile(local, transfer.mode());
        BlockSink sink = token == null ? file : check.guard(file);
        TransferResult result;
        try {
            result = client.get(server, remote, sink, withExtensions(transfer, tokenOption(token)));
        } catch (TftpException e) {
            throw check.refused() ? check.exception() : TransferException.of(e);
        } finally {
            sink.close();
        }
        return new DownloadResult(local, StartedFrom.FRESH, 0, Files.size(local), null, result);
    }

    /** Uploads {@code local} as {@code remote}; the server replaces an old file only once the new one is complete. */
    public TransferResult put(InetSocketAddress server, String token, Path local, String remote, UploadOptions options,
            ProgressListener progress) throws IOException {
        if (!Files.isRegularFile(local)) {
            throw new NoSuchFileException(local.toString(), null, "not a regular file");
        }
        TokenCheck check = new TokenCheck(describe(server));
        TransferOptions transfer = withExtensions(options.transfer().withProgress(orNone(progress)), tokenOption(token));
        try (BlockSource file = BlockSources.forFile(local, transfer.mode())) {
            BlockSource source = token == null ? file : check.guard(file);
            return client.put(server, source, remote, transfer);
        } catch (TftpException e) {
            throw check.refused() ? check.exception() : TransferException.of(e);
        }
    }

    /**
     * Uploads {@code local} as {@code remote}, continuing the server's held upload of it when
     * {@code verified} bytes of it (checked against this file with {@code upload-status}) make at
     * least one whole block of the block size asked: the WRQ then carries {@code netdisk-resume}
     * (spec/protocol.md 5.1) and the file is sent from where the server's OACK says it continues;
     * without a confirmation, from zero.
     *
     * @param verified bytes of the server's held upload that match {@code local}; 0 for none
     */
    public UploadResult put(InetSocketAddress server, String token, Path local, String remote, UploadOptions options,
            ProgressListener progress, long verified) throws IOException {
        if (!Files.isRegularFile(local)) {
            throw new NoSuchFileException(local.toString(), null, "not a regular file");
        }
        if (options.transfer().mode() != TransferMode.OCTET || token == null) {
            return new UploadResult(StartedFrom.FRESH, 0, put(server, token, local, remote, options, progress));
        }
        int asked = options.transfer().blockSize() > 0 ? options.transfer().blockSize() : KnownOption.DEFAULT_BLKSIZE;
        long blocks = verified / asked;
        List<TftpOption> extensions = tokenOption(token);
        if (blocks > 0) {
            extensions.add(new TftpOption(ExtensionOptions.RESUME, Long.toString(blocks)));
        }
        TokenCheck check = new TokenCheck(describe(server));
        ProgressListener listener = orNone(progress);
        try (ResumingBlockSource file = new ResumingBlockSource(local, blocks > 0, verified)) {
            // Progress in whole-file positions: the engine counts from where this attempt began.
            TransferOptions transfer = withExtensions(options.transfer()
                    .withProgress((done, total) -> listener.onProgress(file.offset() + done, total)), extensions);
            TransferResult result = client.put(server, check.guard(file), remote, transfer);
            StartedFrom from = blocks == 0 ? StartedFrom.FRESH
                    : file.confirmed() && file.offset() > 0 ? StartedFrom.RESUMED
                    : StartedFrom.RESTARTED_NOT_CONFIRMED;
            return new UploadResult(from, file.offset(), result);
        } catch (TftpException e) {
            throw check.refused() ? check.exception() : TransferException.of(e);
        }
    }

    /** {@code transfer} carrying {@code extensions}, and still asking for flow mode if it did. */
    private static TransferOptions withExtensions(TransferOptions transfer, List<TftpOption> extensions) {
        return transfer.withExtensions(TftpOptions.of(extensions)).withFlowMode(transfer.flowMode());
    }

    private static List<TftpOption> tokenOption(String token) {
        List<TftpOption> options = new ArrayList<>();
        if (token != null) {
            options.add(new TftpOption(ExtensionOptions.TOKEN, token));
        }
        return options;
    }

    private static ProgressListener orNone(ProgressListener progress) {
        return progress == null ? ProgressListener.NONE : progress;
    }

    /** How a server is named in sidecars and messages: {@code host:port}. */
    static String describe(InetSocketAddress server) {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }
}
