package netdisk.services.control;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import netdisk.services.access.Caller;
import netdisk.services.access.FileAccess;
import netdisk.services.access.PendingUpload;
import netdisk.services.accounts.AccountException;
import netdisk.services.accounts.Accounts;
import netdisk.services.accounts.Session;
import netdisk.services.accounts.User;
import netdisk.services.storage.FileEntry;
import netdisk.services.Sha256;
import netdisk.services.storage.FileStat;
import netdisk.services.storage.HeldUploads;
import netdisk.services.storage.InvalidNameException;
import netdisk.services.storage.NotEnoughSpaceException;
import netdisk.services.storage.QuotaExceededException;
import netdisk.services.storage.ReadableFile;
import netdisk.services.storage.Upload;
import netdisk.services.wire.ControlProtocol;
import netdisk.services.wire.ErrorCode;
import netdisk.services.wire.ProtocolException;
import netdisk.services.wire.Request;
import netdisk.services.wire.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps each request to accounts and storage and says what to answer. No socket code: the
 * connection owns the stream, this class owns the rules (spec/control.md, "Operations").
 *
 * <p>Files are reached through {@link FileAccess}, as over UDP: every file name goes through the
 * user's folder, which refuses names leaving it ({@link InvalidNameException} becomes
 * FILE_NAME_INVALID); every token is checked against the address of the connection that
 * presents it. Messages never carry paths of the server or a password. Thread-safe (stateless
 * apart from its collaborators, which are).
 */
public final class ControlHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    private final Accounts accounts;
    private final FileAccess files;
    private final int udpPort;
    private final int maxFrame;
    private final int minPasswordLength;
    private final String serverName;

    public ControlHandler(ControlConfig config) {
        this.accounts = config.accounts();
        this.files = new FileAccess(config.accounts(), config.storage(), config.quota());
        this.udpPort = config.udpPort();
        this.maxFrame = config.limits().maxFrame();
        this.minPasswordLength = config.minPasswordLength();
        this.serverName = config.serverName();
    }

    /**
     * What to do with {@code request} from {@code client}.
     *
     * @throws ProtocolException the error frame to answer with
     */
    public Outcome handle(Request request, InetAddress client) throws ProtocolException {
        Objects.requireNonNull(client);
        try {
            return switch (request) {
                case Request.Hello r -> reply(hello(r));
                case Request.Register r -> reply(new Response.Registered(r.id(), register(r, client).name()));
                case Request.Login r -> reply(login(r, client));
                case Request.Logout r -> {
                    // Only from the address the token is bound to: TFTP carries tokens in clear
                    // text, and whoever saw one must not be able to log its owner out either.
                    if (accounts.authenticate(r.token(), client).isPresent()) {
                        accounts.logout(r.token());
                    }
                    yield reply(new Response.Done(r.id()));
                }
                case Request.Passwd r -> {
                    accountChange(() -> accounts.changePassword(session(r.token(), client), r.password(),
                            r.newPassword(), client));
                    yield reply(new Response.Done(r.id()));
                }
                case Request.Unregister r -> {
                    accountChange(() -> accounts.unregister(session(r.token(), client), r.password(), r.keepFiles(),
                            client));
                    yield reply(new Response.Done(r.id()));
                }
                case Request.Ls r -> reply(ls(r, client));
                case Request.Stat r -> reply(stat(r, client));
                case Request.Rm r -> {
                    folder(r.token(), client).delete(r.name());
                    yield reply(new Response.Done(r.id()));
                }
                case Request.Download r -> download(r, client);
                case Request.Upload r -> upload(r, client);
                case Request.UploadStatus r -> reply(uploadStatus(r, client));
            };
        } catch (InvalidNameException e) {
            throw new ProtocolException(ErrorCode.FILE_NAME_INVALID, e.getMessage());
        } catch (NoSuchFileException e) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such file: " + nameOf(request));
        } catch (FileSystemException e) {
            // A folder where a file is asked for, a permission problem: say what, not where.
            LOG.warn("{} failed: {}", request, e.toString());
            throw new ProtocolException(ErrorCode.INTERNAL, request.op() + " of " + nameOf(request) + " failed: "
                    + (e.getReason() == null ? "file system error" : e.getReason()));
        } catch (IOException e) {
            LOG.warn("{} failed", request, e);
            throw new ProtocolException(ErrorCode.INTERNAL, request.op() + " failed on the server");
        }
    }

    private Response.HelloOk hello(Request.Hello r) throws ProtocolException {
        if (r.version() != ControlProtocol.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version " + r.version() + " is not supported; this server speaks version " + ControlProtocol.VERSION);
        }
        return new Response.HelloOk(r.id(), ControlProtocol.VERSION, serverName, udpPort, maxFrame, minPasswordLength);
    }

    /** A change to the caller's own account, its refusals worded as the protocol's errors. */
    private void accountChange(AccountChange change) throws ProtocolException {
        try {
            change.run();
        } catch (AccountException e) {
            throw fromAccounts(e);
        }
    }

    @FunctionalInterface
    private interface AccountChange {
        void run() throws AccountException, ProtocolException;
    }

    private User register(Request.Register r, InetAddress client) throws ProtocolException {
        try {
            return accounts.register(r.name(), r.password(), client);
        } catch (AccountException e) {
            throw fromAccounts(e);
        }
    }

    private Response.LoggedIn login(Request.Login r, InetAddress client) throws ProtocolException {
        try {
            Session s = accounts.login(r.name(), r.password(), client);
            return new Response.LoggedIn(r.id(), s.token(), s.user(), s.expiresAt());
        } catch (AccountException e) {
            throw fromAccounts(e);
        }
    }

    private Response.Listing ls(Request.Ls r, InetAddress client) throws ProtocolException, IOException {
        List<FileEntry> entries = folder(r.token(), client).list();
        return new Response.Listing(r.id(), entries.stream()
                .map(e -> new Response.FileInfo(e.name(), e.size(), e.modified()))
                .toList());
    }

    private Response.FileStatus stat(Request.Stat r, InetAddress client)
            throws ProtocolException, IOException, InvalidNameException {
        FileStat s = folder(r.token(), client).stat(r.name());
        return new Response.FileStatus(r.id(), s.name(), s.size(), s.modified(), s.sha256());
    }

    private Outcome download(Request.Download r, InetAddress client)
            throws ProtocolException, IOException, InvalidNameException {
        Caller caller = files.filesOf(session(r.token(), client));
        ReadableFile file = caller.read(r.name());
        try {
            // Size and time of the file we hold open: an upload replacing it meanwhile renames a new
            // file onto the name and leaves this one whole.
            long size = file.size();
            if (r.offset() > size) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "offset " + r.offset() + " is beyond the end of " + r.name() + " (" + size + " bytes)");
            }
            var modified = file.modified();
            return new Outcome.SendFile(new Response.DownloadHeader(r.id(), r.name(), size, modified, r.offset(),
                    size - r.offset()), file, caller.user().orElseThrow());
        } catch (ProtocolException | IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** What is held of a failed upload of that name and size: nothing (0 bytes) when of another size. */
    private Response.UploadStatus uploadStatus(Request.UploadStatus r, InetAddress client)
            throws ProtocolException, IOException, InvalidNameException {
        Optional<HeldUploads.HeldPart> held = folder(r.token(), client).heldUpload(r.name(), r.size());
        return new Response.UploadStatus(r.id(), r.name(), r.size(), held.map(HeldUploads.HeldPart::held).orElse(0L),
                held.map(HeldUploads.HeldPart::sha256).orElse(EMPTY_SHA256));
    }

    /** The SHA-256 of no bytes: what upload-status says is held of nothing. */
    static final String EMPTY_SHA256 = HexFormat.of().formatHex(Sha256.newDigest().digest());

    private Outcome upload(Request.Upload r, InetAddress client)
            throws ProtocolException, IOException, InvalidNameException {
        Caller caller = files.filesOf(session(r.token(), client));
        Optional<HeldUploads.HeldPart> held = Optional.empty();
        if (r.offset() > 0) {
            held = caller.heldUpload(r.name(), r.size());
            if (held.isEmpty()) {
                throw nothingToContinue(r);
            }
            if (r.offset() > held.get().held()) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "offset " + r.offset() + " is beyond the "
                        + held.get().held() + " bytes held of the upload of " + r.name());
            }
        }
        PendingUpload pending;
        try {
            pending = caller.reserveUpload(r.name(), r.size(), r.offset());
        } catch (NotEnoughSpaceException e) {
            throw new ProtocolException(ErrorCode.STORAGE_FULL, "upload of " + r.size()
                    + " bytes does not fit: the server's disk has " + e.free() + " bytes free");
        } catch (QuotaExceededException e) {
            throw new ProtocolException(ErrorCode.QUOTA_EXCEEDED, "upload of " + r.size()
                    + " bytes exceeds your remaining quota of " + e.room() + " bytes");
        }
        Upload upload;
        if (held.isPresent()) {
            upload = pending.resumeOrOpen(held.get(), r.offset());
            if (upload.offset() != r.offset()) {
                upload.abort(); // nothing received: deleted, and the room given back
                throw nothingToContinue(r); // taken by another upload, or damaged, since the check
            }
        } else {
            upload = pending.openResumable(r.size());
        }
        return new Outcome.ReceiveFile(r.id(), r.name(), r.size(), r.offset(), upload, caller.user().orElseThrow());
    }

    private static ProtocolException nothingToContinue(Request.Upload r) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, "no upload of " + r.name() + " with size " + r.size()
                + " is held to continue at offset " + r.offset() + "; upload it from offset 0");
    }

    /** The caller's files, for ls, stat and rm. */
    private Caller folder(String token, InetAddress client) throws ProtocolException, IOException {
        Session session = session(token, client);
        try {
            return files.filesOf(session);
        } catch (InvalidNameException e) {
            throw new IOException("user " + session.user() + " has no valid folder name", e);
        }
    }

    private Session session(String token, InetAddress client) throws ProtocolException {
        return files.authenticate(token, client).orElseThrow(() -> new ProtocolException(ErrorCode.TOKEN_INVALID,
                "invalid or expired session; log in again"));
    }

    private static ProtocolException fromAccounts(AccountException e) {
        ErrorCode code = switch (e.reason()) {
            case NAME_INVALID -> ErrorCode.NAME_INVALID;
            case NAME_TAKEN -> ErrorCode.NAME_TAKEN;
            case PASSWORD_INVALID -> ErrorCode.PASSWORD_INVALID;
            case AUTH_FAILED -> ErrorCode.AUTH_FAILED;
            case THROTTLED -> ErrorCode.THROTTLED;
            case TOKEN_INVALID -> ErrorCode.TOKEN_INVALID;
            case STORE_FAILED -> ErrorCode.INTERNAL;
        };
        if (code == ErrorCode.INTERNAL) {
            LOG.warn("account store failed: {}", e.getMessage());
        }
        Duration retry = code == ErrorCode.THROTTLED ? e.retryAfter() : null;
        return new ProtocolException(code, e.getMessage(), retry);
    }

    private static Outcome reply(Response response) {
        return new Outcome.Reply(response);
    }

    private static String nameOf(Request request) {
        return switch (request) {
            case Request.Stat r -> r.name();
            case Request.Rm r -> r.name();
            case Request.Download r -> r.name();
            case Request.Upload r -> r.name();
            case Request.UploadStatus r -> r.name();
            default -> request.op();
        };
    }
}
