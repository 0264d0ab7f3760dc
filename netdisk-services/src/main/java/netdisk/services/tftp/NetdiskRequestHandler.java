package netdisk.services.tftp;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import netdisk.services.access.Caller;
import netdisk.services.access.FileAccess;
import netdisk.services.access.PendingUpload;
import netdisk.services.accounts.Accounts;
import netdisk.services.accounts.Session;
import netdisk.services.storage.HeldUploads;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.NotEnoughSpaceException;
import netdisk.services.storage.Quota;
import netdisk.services.storage.QuotaExceededException;
import netdisk.services.storage.ReadableFile;
import netdisk.services.storage.Storage;
import netdisk.services.storage.Upload;
import netdisk.services.storage.UploadReservations;
import netdisk.services.storage.UserFolder;
import netdisk.services.wire.ExtensionOptions;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.FileBlockSource;
import netdisk.udp.blocks.NetasciiBlockSink;
import netdisk.udp.blocks.NetasciiBlockSource;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.server.ReadGrant;
import netdisk.udp.server.RequestHandler;
import netdisk.udp.server.RequestRefusedException;
import netdisk.udp.server.TransferRequest;
import netdisk.udp.server.WriteGrant;

/**
 * The netdisk server's answer to TFTP requests: who may read and write what
 * (spec/protocol.md 5.1). The files are reached through {@link FileAccess}, as over TCP; this
 * class turns TFTP requests into its calls and its failures into TFTP errors.
 *
 * <ul>
 *   <li>No {@code netdisk-token}: the public folder, read-only (a WRQ gets ERROR 2 "log in to
 *       upload"). This is all a stock TFTP client ever sees.
 *   <li>A token that authenticates for the request's source address: that user's folder, reads
 *       and writes; the OACK says {@code netdisk-token=ok} so the client knows it was understood.
 *       Any other token: ERROR 2 "invalid or expired session".
 *   <li>{@code netdisk-resume} on an octet RRQ: the data starts after the blocks the client
 *       holds ({@link ResumePoint}); the OACK confirms how many blocks of the granted size were
 *       skipped; tsize stays the whole file's size.
 *   <li>Uploads go to a hidden part file renamed onto the name once complete ({@link Upload}); a
 *       quota's room is reserved for tsize before any DATA and, without tsize, grown as blocks
 *       arrive ({@link UploadReservations}). An octet upload with tsize that fails part-way is
 *       held for a resume ({@link HeldUploads}).
 *   <li>{@code netdisk-resume} on an octet WRQ with tsize: when that name's held upload has that
 *       size, the data continues it after the blocks the server holds ({@link DeferredUpload});
 *       the OACK confirms how many blocks of the granted size; without a confirmation the
 *       upload starts from zero.
 * </ul>
 *
 * <p>Names are checked by the folders ({@link UserFolder}): one plain segment, no symlink out;
 * a bad name gets ERROR 2, a missing file ERROR 1. Thread-safe: it keeps no state of its own
 * beyond what {@link Storage} and {@link Accounts} guard.
 */
public final class NetdiskRequestHandler implements RequestHandler {

    /** The value acknowledging {@code netdisk-token} in an OACK: never the token itself. */
    public static final String TOKEN_ACCEPTED = "ok";

    private final FileAccess files;

    public NetdiskRequestHandler(FileAccess files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    public NetdiskRequestHandler(Accounts accounts, Storage storage, Quota quota) {
        this(new FileAccess(accounts, storage, quota));
    }

    /** Without quotas. */
    public NetdiskRequestHandler(Accounts accounts, Storage storage) {
        this(accounts, storage, Quota.NONE);
    }

    @Override
    public ReadGrant read(TransferRequest request) throws RequestRefusedException {
        Caller caller = caller(request);
        String name = request.filename();
        Optional<ResumePoint> resume = Optional.empty();
        if (request.mode() == TransferMode.OCTET) {
            try {
                resume = ResumePoint.of(request.options());
            } catch (ResumePoint.InvalidResumeException e) {
                throw new RequestRefusedException(ErrorCode.OPTION_NEGOTIATION, e.getMessage());
            }
        } // netascii: wire and file offsets differ, so no resume; the option goes unanswered.
        ReadableFile file = open(caller, name);
        if (request.mode() != TransferMode.OCTET) {
            FileBlockSource local;
            try {
                local = new FileBlockSource(file.channel(), 0, FileBlockSource.DEFAULT_READ_AHEAD);
            } catch (IOException e) {
                closeQuietly(file);
                throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot open " + name);
            }
            return new ReadGrant(new NetasciiBlockSource(local), tokenAnswer(caller), label(caller, name));
        }
        ResumableFileSource source = new ResumableFileSource(file);
        Optional<ResumePoint> asked = resume;
        return new ReadGrant(source, tokenAnswer(caller), label(caller, name), parameters -> {
            if (asked.isEmpty()) {
                return TftpOptions.NONE;
            }
            int granted = parameters.blockSize();
            long offset = asked.get().offset(granted, source.size());
            try {
                source.startAt(offset);
            } catch (IOException e) {
                throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot read " + name);
            }
            return TftpOptions.of(ExtensionOptions.RESUME, Long.toString(offset / granted));
        });
    }

    @Override
    public WriteGrant write(TransferRequest request) throws RequestRefusedException {
        Caller caller = caller(request);
        if (caller.user().isEmpty()) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "log in to upload");
        }
        String name = request.filename();
        long announced = announcedSize(request.options());
        boolean resumable = request.mode() == TransferMode.OCTET && announced >= 0;
        Optional<ResumePoint> asked = Optional.empty();
        if (resumable) {
            try {
                asked = ResumePoint.of(request.options());
            } catch (ResumePoint.InvalidResumeException e) {
                throw new RequestRefusedException(ErrorCode.OPTION_NEGOTIATION, e.getMessage());
            }
        } // netascii, or no tsize: nothing to match a held upload by; the option goes unanswered.
        Optional<HeldUploads.HeldPart> held = Optional.empty();
        PendingUpload pending;
        try {
            if (asked.isPresent()) {
                held = caller.heldUpload(name, announced);
            }
            pending = caller.reserveUpload(name, Math.max(0, announced), held.map(HeldUploads.HeldPart::held).orElse(0L));
        } catch (InvalidNameException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, e.getMessage());
        } catch (NotEnoughSpaceException e) {
            // RFC 2349: refused before any DATA, rather than fail once the disk is full.
            throw new RequestRefusedException(ErrorCode.DISK_FULL,
                    "not enough space on the server: " + announced + " bytes announced, " + e.free() + " free");
        } catch (QuotaExceededException e) {
            // RFC 2349: a server may refuse a WRQ whose tsize it cannot hold, before any DATA.
            throw new RequestRefusedException(ErrorCode.DISK_FULL,
                    "quota exceeded: " + announced + " bytes announced, " + e.room() + " left");
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot write " + name);
        }
        if (held.isPresent()) {
            return resumedWrite(caller, name, pending, held.get(), asked.get());
        }
        UnaryOperator<BlockSink> decoding = request.mode() == TransferMode.NETASCII
                ? NetasciiBlockSink::new : UnaryOperator.identity();
        Upload upload;
        try {
            upload = resumable ? pending.openResumable(announced) : pending.open(decoding);
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot create " + name);
        }
        return new WriteGrant(upload, tokenAnswer(caller), label(caller, name));
    }

    /**
     * A WRQ continuing the held upload {@code held} (its name and tsize): where, in blocks of the
     * granted size, is settled once that size is known, and confirmed in the OACK; a held upload
     * taken meanwhile makes it a fresh upload, unconfirmed (spec/protocol.md 5.1).
     */
    private WriteGrant resumedWrite(Caller caller, String name, PendingUpload pending, HeldUploads.HeldPart held,
            ResumePoint asked) {
        DeferredUpload upload = new DeferredUpload(pending, held);
        return new WriteGrant(upload, tokenAnswer(caller), label(caller, name), parameters -> {
            int granted = parameters.blockSize();
            long offset = Math.min(asked.offset(granted, held.size()), held.held() - held.held() % granted);
            boolean continued;
            try {
                continued = upload.start(offset);
            } catch (IOException e) {
                throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot create " + name);
            }
            return continued ? TftpOptions.of(ExtensionOptions.RESUME, Long.toString(offset / granted))
                    : TftpOptions.NONE;
        });
    }

    /** The user's files for a valid token, the public folder without one; ERROR 2 otherwise. */
    private Caller caller(TransferRequest request) throws RequestRefusedException {
        Optional<String> token = request.options().get(ExtensionOptions.TOKEN);
        if (token.isEmpty()) {
            return files.publicFiles();
        }
        Optional<Session> session = files.authenticate(token.get(), request.client().getAddress());
        if (session.isEmpty()) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "invalid or expired session");
        }
        try {
            return files.filesOf(session.get());
        } catch (InvalidNameException | IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION,
                    "cannot open the folder of " + session.get().user());
        }
    }

    private static ReadableFile open(Caller caller, String name) throws RequestRefusedException {
        try {
            return caller.read(name);
        } catch (InvalidNameException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, e.getMessage());
        } catch (NoSuchFileException e) {
            throw new RequestRefusedException(ErrorCode.FILE_NOT_FOUND, "file not found: " + name);
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot open " + name);
        }
    }

    /** What the engine's reports call the file: whose, and which. */
    private static String label(Caller caller, String name) {
        return caller.user().orElse("public") + "/" + name;
    }

    /** The OACK's answer to the token, when one was sent. */
    private static TftpOptions tokenAnswer(Caller caller) {
        return caller.user().isPresent() ? TftpOptions.of(ExtensionOptions.TOKEN, TOKEN_ACCEPTED) : TftpOptions.NONE;
    }

    private static void closeQuietly(ReadableFile file) {
        try {
            file.close();
        } catch (IOException e) {
            // The request is refused anyway.
        }
    }

    /** The WRQ's tsize, or -1 without one (a malformed one was refused by the codec already). */
    private static long announcedSize(TftpOptions options) {
        Optional<String> tsize = options.get(KnownOption.TSIZE.wireName());
        if (tsize.isEmpty()) {
            return -1;
        }
        try {
            return KnownOption.TSIZE.parse(tsize.get());
        } catch (MalformedPacketException e) {
            return -1;
        }
    }
}
