package netdisk.services.tftp;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import netdisk.services.accounts.Accounts;
import netdisk.services.accounts.Session;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.LocalUserFolder;
import netdisk.services.storage.DiskSpace;
import netdisk.services.storage.Quota;
import netdisk.services.storage.QuotaExceededException;
import netdisk.services.storage.UploadReservations;
import netdisk.services.storage.Storage;
import netdisk.services.storage.UserFolder;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.blocks.BlockSinks;
import netdisk.udp.blocks.BlockSources;
import netdisk.udp.options.ExtensionOptions;
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
 * (spec/protocol.md 5.1).
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
 *   <li>Uploads go to a hidden part file renamed onto the name once complete (the engine's
 *       {@link BlockSinks#forFile} sink); a quota's room is reserved for tsize before any DATA and,
 *       without tsize, grown as blocks arrive ({@link QuotaLimitedSink}, {@link UploadReservations}).
 * </ul>
 *
 * <p>Names are checked by the folders ({@link UserFolder}): one plain segment, no symlink out;
 * a bad name gets ERROR 2, a missing file ERROR 1. Thread-safe: it keeps no state of its own
 * beyond what {@link Storage} and {@link Accounts} guard.
 */
public final class NetdiskRequestHandler implements RequestHandler {

    /** The value acknowledging {@code netdisk-token} in an OACK: never the token itself. */
    public static final String TOKEN_ACCEPTED = "ok";

    private final Accounts accounts;
    private final Storage storage;
    private final Quota quota;
    private final UserFolder publicFolder;

    public NetdiskRequestHandler(Accounts accounts, Storage storage, Quota quota) throws IOException {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.publicFolder = new LocalUserFolder(storage.publicFolder());
    }

    /** Without quotas. */
    public NetdiskRequestHandler(Accounts accounts, Storage storage) throws IOException {
        this(accounts, storage, Quota.NONE);
    }

    /** Whose request it is: a user with a live session, or anonymous. */
    private record Access(Optional<String> user, UserFolder folder) {
        String label(String name) {
            return user.orElse("public") + "/" + name;
        }

        /** The OACK's answer to the token, when one was sent. */
        TftpOptions tokenAnswer() {
            return user.isPresent() ? TftpOptions.of(ExtensionOptions.TOKEN, TOKEN_ACCEPTED) : TftpOptions.NONE;
        }
    }

    @Override
    public ReadGrant read(TransferRequest request) throws RequestRefusedException {
        Access access = access(request);
        String name = request.filename();
        Optional<ResumePoint> resume = Optional.empty();
        if (request.mode() == TransferMode.OCTET) {
            try {
                resume = ResumePoint.of(request.options());
            } catch (ResumePoint.InvalidResumeException e) {
                throw new RequestRefusedException(ErrorCode.OPTION_NEGOTIATION, e.getMessage());
            }
        } // netascii: wire and file offsets differ, so no resume; the option goes unanswered.
        Path file = readable(access, name);
        try {
            if (request.mode() != TransferMode.OCTET) {
                return new ReadGrant(BlockSources.forFile(file, request.mode()), access.tokenAnswer(),
                        access.label(name));
            }
            ResumableFileSource source = ResumableFileSource.open(file);
            Optional<ResumePoint> asked = resume;
            return new ReadGrant(source, access.tokenAnswer(), access.label(name), parameters -> {
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
        } catch (NoSuchFileException e) {
            throw new RequestRefusedException(ErrorCode.FILE_NOT_FOUND, "file not found: " + name);
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot open " + name);
        }
    }

    @Override
    public WriteGrant write(TransferRequest request) throws RequestRefusedException {
        Access access = access(request);
        if (access.user().isEmpty()) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "log in to upload");
        }
        String user = access.user().get();
        String name = request.filename();
        long announced = announcedSize(request.options());
        Path target;
        UploadReservations.Reservation reservation;
        try {
            target = access.folder().fileToWrite(name);
            long free = DiskSpace.usable(target.getParent());
            if (announced > free) {
                // RFC 2349: refused before any DATA, rather than fail once the disk is full.
                throw new RequestRefusedException(ErrorCode.DISK_FULL,
                        "not enough space on the server: " + announced + " bytes announced, " + free + " free");
            }
            reservation = storage.reservations().reserve(quota, user, access.folder(), name, Math.max(0, announced));
        } catch (InvalidNameException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, e.getMessage());
        } catch (QuotaExceededException e) {
            // RFC 2349: a server may refuse a WRQ whose tsize it cannot hold, before any DATA.
            throw new RequestRefusedException(ErrorCode.DISK_FULL,
                    "quota exceeded: " + announced + " bytes announced, " + e.room() + " left");
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot write " + name);
        }
        BlockSink sink;
        try {
            sink = BlockSinks.forFile(target, request.mode());
        } catch (IOException e) {
            reservation.close();
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot create " + name);
        }
        if (reservation != UploadReservations.Reservation.UNLIMITED) {
            sink = new QuotaLimitedSink(sink, reservation);
        }
        return new WriteGrant(sink, access.tokenAnswer(), access.label(name));
    }

    /** The user's folder for a valid token, the public folder without one; ERROR 2 otherwise. */
    private Access access(TransferRequest request) throws RequestRefusedException {
        Optional<String> token = request.options().get(ExtensionOptions.TOKEN);
        if (token.isEmpty()) {
            return new Access(Optional.empty(), publicFolder);
        }
        Optional<Session> session = accounts.authenticate(token.get(), request.client().getAddress());
        if (session.isEmpty()) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "invalid or expired session");
        }
        String user = session.get().user();
        try {
            return new Access(Optional.of(user), storage.folderOf(user));
        } catch (InvalidNameException | IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot open the folder of " + user);
        }
    }

    private static Path readable(Access access, String name) throws RequestRefusedException {
        try {
            return access.folder().fileToRead(name);
        } catch (InvalidNameException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, e.getMessage());
        } catch (NoSuchFileException e) {
            throw new RequestRefusedException(ErrorCode.FILE_NOT_FOUND, "file not found: " + name);
        } catch (IOException e) {
            throw new RequestRefusedException(ErrorCode.ACCESS_VIOLATION, "cannot open " + name);
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
