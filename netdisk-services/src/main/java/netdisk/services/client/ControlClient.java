package netdisk.services.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import netdisk.services.wire.ControlProtocol;
import netdisk.services.wire.DataPath;
import netdisk.services.wire.ErrorCode;
import netdisk.services.wire.FrameCodec;
import netdisk.services.wire.FrameException;
import netdisk.services.wire.FrameReader;
import netdisk.services.wire.FrameWriter;
import netdisk.services.wire.MessageCodec;
import netdisk.services.wire.ProtocolException;
import netdisk.services.wire.Request;
import netdisk.services.wire.Response;

/**
 * A connection to a netdisk server's control channel (spec/control.md): accounts, listings and
 * the TCP data path. One request at a time; calls from several threads take turns (a
 * {@link ReentrantLock}, not {@code synchronized}, so virtual threads do not pin on socket I/O).
 *
 * <p>Every failure is a {@link ControlException}. After a failure that leaves the stream in an
 * unknown state (a broken transfer, a timeout, an error the server closes after) the client is
 * closed and later calls fail with CONNECTION_LOST.
 */
public final class ControlClient implements AutoCloseable {

    private static final String CLIENT_NAME = "netdisk-client/0.1";
    private final Socket socket;
    private final InetSocketAddress server;
    private final InputStream in;
    private final FrameReader reader;
    private final OutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private FrameWriter writer;
    private ServerInfo info;

    /**
     * How long a file's bytes may stop flowing before a TCP transfer is given up, when that is
     * longer than the per-call timeout ({@link DataPath#STALL_LIMIT}): on the lab's link at 20 %
     * loss each way a download broke on the 10 s call timeout while TCP was still recovering.
     */
    private static final int STREAM_SILENCE_MILLIS = (int) DataPath.STALL_LIMIT.toMillis();

    private ControlClient(Socket socket, InetSocketAddress server) throws IOException {
        this.socket = socket;
        this.server = server;
        this.in = new BufferedInputStream(socket.getInputStream(), DataPath.CHUNK);
        this.out = socket.getOutputStream();
        // Our own limit on what we read: a listing of many files may be large, but not unbounded.
        this.reader = new FrameReader(in, 16 * FrameCodec.DEFAULT_MAX_FRAME);
        this.writer = new FrameWriter(out, FrameCodec.DEFAULT_MAX_FRAME);
    }

    /**
     * Connects and says hello.
     *
     * @param timeout for connecting and for each wait on the server afterwards
     */
    public static ControlClient connect(InetSocketAddress server, Duration timeout) throws ControlException {
        Objects.requireNonNull(server, "server");
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.connect(server, millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(socket);
            String why = e instanceof ConnectException ? "connection refused (is the server running on that port?)"
                    : e instanceof SocketTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                    : e.getMessage();
            throw ControlException.local(ControlException.CONNECT_FAILED,
                    "cannot connect to the netdisk control channel at TCP " + describe(server) + ": " + why, e);
        }
        try {
            ControlClient client = new ControlClient(socket, server);
            client.hello();
            return client;
        } catch (ControlException e) {
            closeQuietly(socket);
            throw e;
        } catch (IOException e) {
            closeQuietly(socket);
            throw ControlException.local(ControlException.CONNECTION_LOST,
                    "connection to " + describe(server) + " failed: " + e.getMessage(), e);
        }
    }

    /** What the server said in its hello. */
    public ServerInfo serverInfo() {
        return info;
    }

    public InetSocketAddress serverAddress() {
        return server;
    }

    /** Creates an account (and its folder); returns the name as recorded. */
    public String register(String name, String password) throws ControlException {
        return ((Response.Registered) call(new Request.Register(nextId(), name, password))).user();
    }

    public String register(String name, char[] password) throws ControlException {
        return register(name, new String(password));
    }

    public LoginResult login(String name, String password) throws ControlException {
        var r = (Response.LoggedIn) call(new Request.Login(nextId(), name, password));
        return new LoginResult(r.token(), r.user(), r.expiresAt());
    }

    public LoginResult login(String name, char[] password) throws ControlException {
        return login(name, new String(password));
    }

    /** Changes the password; every session of the user ends, {@code token}'s included. */
    public void passwd(String token, String password, String newPassword) throws ControlException {
        call(new Request.Passwd(nextId(), token, password, newPassword));
    }

    /** Removes the account (and its files unless {@code keepFiles}); every session ends. */
    public void unregister(String token, String password, boolean keepFiles) throws ControlException {
        call(new Request.Unregister(nextId(), token, password, keepFiles));
    }

    public void logout(String token) throws ControlException {
        call(new Request.Logout(nextId(), token));
    }

    public List<RemoteFile> ls(String token) throws ControlException {
        var r = (Response.Listing) call(new Request.Ls(nextId(), token));
        return r.files().stream().map(f -> new RemoteFile(f.name(), f.size(), f.modified())).toList();
    }

    public RemoteFileStat stat(String token, String name) throws ControlException {
        var r = (Response.FileStatus) call(new Request.Stat(nextId(), token, name));
        return new RemoteFileStat(r.name(), r.size(), r.modified(), r.sha256());
    }

    public void rm(String token, String name) throws ControlException {
        call(new Request.Rm(nextId(), token, name));
    }

    /**
     * Downloads {@code name} from byte {@code offset} on (0 for the whole file) into {@code sink}
     * over this connection.
     *
     * @param progress told the bytes received so far in this call, after each chunk; may be null
     * @throws ControlException BAD_REQUEST when offset is beyond the file's end, NOT_FOUND...
     */
    public TcpDownload download(String token, String name, long offset, OutputStream sink, LongConsumer progress)
            throws ControlException {
        lock.lock();
        try {
            long start = System.nanoTime();
            var header = (Response.DownloadHeader) exchange(new Request.Download(nextId(), token, name, offset));
            if (header.offset() != offset || header.length() != header.size() - header.offset()) {
                throw broken(ControlException.PROTOCOL_ERROR, "download header does not match the request: " + header,
                        null);
            }
            LongConsumer listener = Objects.requireNonNullElse(progress, DataPath.NO_PROGRESS);
            AtomicLong received = new AtomicLong();
            try {
                int callTimeout = widenTimeoutForStream();
                DataPath.receive(in, header.length(), sink::write, moved -> {
                    received.set(moved);
                    listener.accept(moved);
                });
                socket.setSoTimeout(callTimeout);
            } catch (IOException e) {
                // Our sink or the connection failed mid-stream: the rest of the bytes cannot be skipped
                // reliably, so the connection is done.
                throw broken(e instanceof SocketTimeoutException ? ControlException.TIMEOUT
                        : ControlException.CONNECTION_LOST, "download of " + name + " broke after " + received
                        + " of " + header.length() + " bytes: " + e.getMessage(), e);
            }
            return new TcpDownload(header.name(), header.size(), header.modified(), header.offset(),
                    header.length(), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Uploads {@code file} as {@code name}, replacing an existing file only once every byte
     * arrived (the server writes a temp file and renames it).
     *
     * @param progress told the bytes sent so far, after each chunk; may be null
     * @throws ControlException QUOTA_EXCEEDED before any byte is sent, FILE_NAME_INVALID...
     */
    public RemoteFileStat upload(String token, String name, Path file, LongConsumer progress)
            throws ControlException {
        return upload(token, name, file, 0, progress);
    }

    /**
     * What the server holds of a failed upload of {@code name} whose whole size is {@code size}
     * (spec/control.md 4.12): {@link HeldUpload#NONE} when nothing, or one of another size.
     */
    public HeldUpload uploadStatus(String token, String name, long size) throws ControlException {
        var r = (Response.UploadStatus) call(new Request.UploadStatus(nextId(), token, name, size));
        if (r.held() > r.size() || r.size() != size) {
            throw broken(ControlException.PROTOCOL_ERROR, "upload-status answer does not match the request: " + r,
                    null);
        }
        return r.held() == 0 ? HeldUpload.NONE : new HeldUpload(r.held(), r.sha256());
    }

    /**
     * As {@link #upload(String, String, Path, LongConsumer)}, continuing the server's held upload
     * of {@code name} at byte {@code offset} (0: from the first byte): only the bytes from {@code
     * offset} on are sent, and the answer is the whole stored file (spec/control.md 4.9).
     *
     * @param progress told the bytes sent so far in this call (not counting {@code offset}); may be null
     * @throws ControlException BAD_REQUEST when the server holds no such upload, or fewer bytes
     */
    public RemoteFileStat upload(String token, String name, Path file, long offset, LongConsumer progress)
            throws ControlException {
        lock.lock();
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = source.size();
            if (offset < 0 || offset > size) {
                throw new IllegalArgumentException("offset must be 0.." + size + ": " + offset);
            }
            // Continuing, the server hashes what it holds before it is ready: allow it the stream's patience.
            int readyTimeout = offset > 0 ? widenTimeoutForStream() : -1;
            Response.UploadReady ready;
            try {
                ready = (Response.UploadReady) exchange(new Request.Upload(nextId(), token, name, size, offset));
            } finally {
                if (readyTimeout >= 0 && !socket.isClosed()) {
                    socket.setSoTimeout(readyTimeout);
                }
            }
            if (ready.offset() != offset) {
                throw broken(ControlException.PROTOCOL_ERROR, "the server is ready at byte " + ready.offset()
                        + ", not " + offset, null);
            }
            LongConsumer listener = Objects.requireNonNullElse(progress, DataPath.NO_PROGRESS);
            AtomicLong sent = new AtomicLong();
            int callTimeout;
            try {
                // The answer comes once the server has every byte, which loss may delay as long.
                callTimeout = widenTimeoutForStream();
                DataPath.send(source, offset, size - offset, out, moved -> {
                    sent.set(moved);
                    listener.accept(moved);
                });
            } catch (IOException e) {
                throw broken(ControlException.CONNECTION_LOST, "upload of " + name + " broke after " + sent + " of "
                        + (size - offset) + " bytes: " + e.getMessage(), e);
            }
            Response answer = receive("upload");
            if (!socket.isClosed()) {
                socket.setSoTimeout(callTimeout);
            }
            if (answer instanceof Response.Failure f) {
                throw failure(f); // STORAGE_FULL, INTERNAL: nothing stored, the connection still usable
            }
            var done = (Response.Uploaded) answer;
            return new RemoteFileStat(done.name(), done.size(), done.modified(), done.sha256());
        } catch (ControlException e) {
            throw e;
        } catch (IOException e) {
            throw ControlException.local(ControlException.CONNECTION_LOST, "cannot read " + file + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    // ---------------------------------------------------------------- plumbing

    /** Raises the socket's read timeout to {@link #STREAM_SILENCE_MILLIS} if lower; returns the old one. */
    private int widenTimeoutForStream() throws IOException {
        int callTimeout = socket.getSoTimeout();
        socket.setSoTimeout(Math.max(callTimeout, STREAM_SILENCE_MILLIS));
        return callTimeout;
    }

    private void hello() throws ControlException {
        var r = (Response.HelloOk) call(new Request.Hello(nextId(), ControlProtocol.VERSION, CLIENT_NAME));
        info = new ServerInfo(r.version(), r.server(), r.udpPort(), r.maxFrame(), r.minPasswordLength());
        writer = new FrameWriter(out, r.maxFrame());
    }

    private Response call(Request request) throws ControlException {
        lock.lock();
        try {
            return exchange(request);
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code request} and reads its answer; a failure answer is thrown. Lock held. */
    private Response exchange(Request request) throws ControlException {
        if (socket.isClosed()) {
            throw ControlException.local(ControlException.CONNECTION_LOST,
                    "the connection to " + describe(server) + " is closed", null);
        }
        try {
            writer.write(MessageCodec.encode(request));
        } catch (IOException e) {
            throw broken(ControlException.CONNECTION_LOST, "sending " + request.op() + " to " + describe(server)
                    + " failed: " + e.getMessage(), e);
        }
        Response response = receive(request.op());
        if (response instanceof Response.Failure f) {
            throw failure(f);
        }
        return response;
    }

    /** Reads one answer to {@code op}: a failure is returned, not thrown. */
    private Response receive(String op) throws ControlException {
        ObjectNode frame;
        try {
            frame = reader.read();
        } catch (SocketTimeoutException e) {
            throw broken(ControlException.TIMEOUT, "no answer to " + op + " from " + describe(server), e);
        } catch (FrameException e) {
            throw broken(ControlException.PROTOCOL_ERROR, "bad frame from " + describe(server) + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw broken(ControlException.CONNECTION_LOST, "connection to " + describe(server) + " failed: "
                    + e.getMessage(), e);
        }
        if (frame == null) {
            throw broken(ControlException.CONNECTION_LOST, describe(server) + " closed the connection", null);
        }
        Response response;
        try {
            response = MessageCodec.decodeResponse(op, frame);
        } catch (ProtocolException e) {
            throw broken(ControlException.PROTOCOL_ERROR, "bad answer to " + op + " from " + describe(server) + ": "
                    + e.getMessage(), e);
        }
        if (response instanceof Response.Failure f && closesConnection(f)) {
            close();
        }
        return response;
    }

    /** Codes after which the server closes the connection (spec/control.md, "Errors"). */
    private static boolean closesConnection(Response.Failure f) {
        return switch (f.errorCode().orElse(ErrorCode.INTERNAL)) {
            case BAD_FRAME, FRAME_TOO_LARGE, BUSY, TIMEOUT -> true;
            default -> false;
        };
    }

    private ControlException failure(Response.Failure f) {
        return new ControlException(f.code(), f.message(), true,
                f.retryAfterMs() == null ? null : Duration.ofMillis(f.retryAfterMs()), null);
    }

    private ControlException broken(String code, String message, Throwable cause) {
        close();
        return ControlException.local(code, message, cause);
    }

    private long nextId() {
        return ids.incrementAndGet();
    }

    private static String describe(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do.
        }
    }
}
