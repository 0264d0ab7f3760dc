package netdisk.services.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import netdisk.services.Sha256;
import netdisk.services.wire.ErrorCode;
import netdisk.udp.io.DatagramPortFactory;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.transfer.ProgressListener;

/**
 * The client API the command line uses: one control connection to a netdisk server, and files
 * over UDP (TFTP with the session token) or over TCP (the control connection's data path).
 *
 * <p>Every get is verified: the remote file's size, time and SHA-256 come from {@code stat}
 * first; a partial copy left by a broken attempt is continued while the remote file is unchanged
 * (over either path: blocks for UDP, a byte offset for TCP, the same record beside the file);
 * the finished file is checked against the SHA-256 and only then moved into place. Every put is
 * checked the same way against what the server reports having stored.
 *
 * <p>Not thread-safe, except {@link #cancel()}, which may come from any thread (a Ctrl-C hook).
 */
public final class NetdiskClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** Replaced if the server closed it while a UDP transfer ran (see {@link #statAfterUdpTransfer}). */
    private volatile ControlClient control;
    private final Duration timeout;
    private final InetSocketAddress udpServer;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final UdpTransfers udp;

    private NetdiskClient(ControlClient control, Duration timeout, DatagramPortFactory ports) {
        this.control = control;
        this.timeout = timeout;
        this.udpServer = new InetSocketAddress(control.serverAddress().getAddress(), control.serverInfo().udpPort());
        this.udp = new UdpTransfers(ports, cancelled::get);
    }

    /**
     * Connects to the control channel at {@code server} and says hello.
     *
     * @throws ControlException CONNECT_FAILED naming the address when nothing answers there
     */
    public static NetdiskClient connect(InetSocketAddress server) throws ControlException {
        return connect(server, DEFAULT_TIMEOUT, DatagramPortFactory.udp());
    }

    /** As {@link #connect(InetSocketAddress)}, with a timeout and the datagram ports (tests impair them). */
    public static NetdiskClient connect(InetSocketAddress server, Duration timeout, DatagramPortFactory ports)
            throws ControlException {
        return new NetdiskClient(connectControl(server, timeout), timeout, ports);
    }

    public ServerInfo serverInfo() {
        return control.serverInfo();
    }

    public String register(String name, char[] password) throws ControlException {
        return onControl(c -> c.register(name, password));
    }

    public LoginResult login(String name, char[] password) throws ControlException {
        return onControl(c -> c.login(name, password));
    }

    /** Changes the password; every session of the user ends, {@code token}'s included: log in again. */
    public void passwd(String token, char[] password, char[] newPassword) throws ControlException {
        onControl(c -> {
            c.passwd(token, new String(password), new String(newPassword));
            return null;
        });
    }

    /** Removes the account, and its files unless {@code keepFiles}. */
    public void unregister(String token, char[] password, boolean keepFiles) throws ControlException {
        onControl(c -> {
            c.unregister(token, new String(password), keepFiles);
            return null;
        });
    }

    public void logout(String token) throws ControlException {
        onControl(c -> {
            c.logout(token);
            return null;
        });
    }

    public List<RemoteFile> list(String token) throws ControlException {
        return onControl(c -> c.ls(token));
    }

    public RemoteFileStat stat(String token, String name) throws ControlException {
        return onControl(c -> c.stat(token, name));
    }

    public void remove(String token, String name) throws ControlException {
        onControl(c -> {
            c.rm(token, name);
            return null;
        });
    }

    /**
     * What an earlier, broken download into {@code local} left to continue from: bytes held, or
     * 0 when there is nothing usable (for the command line's resume-or-restart question).
     */
    public static long partialBytes(Path local) {
        return DownloadSidecar.read(DownloadSidecar.sidecarFileOf(local)).map(DownloadSidecar::heldBytes)
                .filter(held -> Files.isRegularFile(DownloadSidecar.partFileOf(local)))
                .orElse(0L);
    }

    /** Forgets a partial download of {@code local}, so the next get starts from zero. */
    public static void discardPartial(Path local) throws IOException {
        ResumableDownload.discard(local);
    }

    /**
     * Downloads {@code remote} into {@code local}, continuing a partial copy of the same remote
     * file if one is there. {@code local} is replaced only by a complete, verified file.
     */
    public TransferSummary get(String token, String remote, Path local, TransferSettings settings,
            TransferProgress progress) throws IOException {
        RemoteFileStat stat = onControl(c -> c.stat(token, remote));
        RemoteIdentity identity = new RemoteIdentity(stat.size(), stat.modified(), stat.sha256());
        TransferProgress listener = progress == null ? TransferProgress.NONE : progress;
        long start = System.nanoTime();
        if (settings.via() == Via.TCP) {
            return tcpGet(token, remote, local, identity, listener, start);
        }
        // What the record says is held; the server may continue a little earlier (whole blocks).
        listener.started(stat.size(), partialBytes(local));
        DownloadResult result = udp.get(udpServer, token, remote, local,
                DownloadOptions.verified(identity).withTransfer(settings.udpOptions()),
                udpProgress(listener));
        var statistics = result.transfer().statistics();
        return new TransferSummary(Via.UDP, result.file(), remote, result.size(), result.bytesTransferred(),
                result.startedFrom(), result.sha256(), elapsedSince(start), statistics.retransmissions(),
                statistics.timeouts(), statistics.peerResent());
    }

    private TransferSummary tcpGet(String token, String remote, Path local, RemoteIdentity identity,
            TransferProgress progress, long start) throws IOException {
        ResumableDownload download = ResumableDownload.prepare(local, describe(udpServer), remote, identity);
        long offset = download.heldBytes();
        ResumableDownload.Partial partial = download.open(offset, 1);
        progress.started(identity.size(), offset);
        try (OutputStream out = new PartialStream(partial, cancelled::get)) {
            TcpDownload header = onControl(c -> c.download(token, remote, offset, out,
                    received -> progress.advanced(offset + received)));
            if (header.size() != identity.size() || !header.modified().equals(identity.modified())) {
                // Changed between stat and download: what arrived is a mix; the digest check
                // below would refuse it anyway, this says why more plainly.
                partial.keep();
                ResumableDownload.discard(local);
                throw new IOException(remote + " changed on the server during the download; try again");
            }
            partial.finished();
        } catch (IOException | RuntimeException e) {
            partial.keep();
            throw e;
        }
        Path file = download.finish();
        StartedFrom from = offset > 0 ? StartedFrom.RESUMED : download.planned();
        return new TransferSummary(Via.TCP, file, remote, identity.size(), identity.size() - offset, from,
                identity.sha256(), elapsedSince(start), 0, 0, -1);
    }

    /**
     * What the server holds of a failed upload of {@code remote} whose whole size is {@code
     * size}, to continue (spec/control.md 4.12): {@link HeldUpload#NONE} (0 bytes) when nothing,
     * or one of another size. For the command line's resume-or-restart question; whether it is a
     * prefix of the local file is {@link #put(String, Path, String, TransferSettings,
     * TransferProgress, boolean)}'s check.
     */
    public HeldUpload heldUpload(String token, String remote, long size) throws ControlException {
        return onControl(c -> c.uploadStatus(token, remote, size));
    }

    /**
     * Uploads {@code local} as {@code remote}, replacing a remote file of that name once the new
     * one is complete, and checks that the server stored exactly these bytes. Never resumes: the
     * same as {@link #put(String, Path, String, TransferSettings, TransferProgress, boolean)}
     * with {@code resume} false.
     */
    public TransferSummary put(String token, Path local, String remote, TransferSettings settings,
            TransferProgress progress) throws IOException {
        return put(token, local, remote, settings, progress, false);
    }

    /**
     * Uploads {@code local} as {@code remote}, replacing a remote file of that name once the new
     * one is complete, and checks that the server stored exactly these bytes (size and SHA-256).
     *
     * <p>With {@code resume}, it first asks what the server holds of a failed upload of this name
     * and size ({@link #heldUpload}) and hashes as many bytes of {@code local}: when they match,
     * the upload continues there — over TCP at that byte, over UDP at the whole blocks the server
     * confirms — and the summary says {@link StartedFrom#RESUMED} with {@link
     * TransferSummary#resumedFrom()} the byte it continued at. Otherwise it starts from zero and
     * says why: {@link StartedFrom#RESTARTED_REMOTE_DIFFERS} (what is held is not a prefix of
     * this file), {@link StartedFrom#RESTARTED_NOT_CONFIRMED} (the server did not confirm, or its
     * held upload went meanwhile), {@link StartedFrom#FRESH} (nothing held, or less than a UDP
     * block). Progress is in whole-file bytes: {@code started(size, offset)}, where offset is
     * what will be kept (over UDP, the whole blocks asked for; the server may keep fewer).
     */
    public TransferSummary put(String token, Path local, String remote, TransferSettings settings,
            TransferProgress progress, boolean resume) throws IOException {
        if (!Files.isRegularFile(local)) {
            throw new NoSuchFileException(local.toString(), null, "not a regular file");
        }
        TransferProgress listener = progress == null ? TransferProgress.NONE : progress;
        long size = Files.size(local);
        long start = System.nanoTime();
        StartedFrom planned = StartedFrom.FRESH;
        long verified = 0;
        if (resume) {
            HeldUpload held = heldUpload(token, remote, size);
            if (held.bytes() > 0) {
                if (held.bytes() <= size && Sha256.ofPrefix(local, held.bytes()).equals(held.sha256())) {
                    verified = held.bytes();
                    planned = StartedFrom.RESUMED;
                } else {
                    planned = StartedFrom.RESTARTED_REMOTE_DIFFERS;
                }
            }
        }
        long retransmissions = 0;
        long timeouts = 0;
        long offset;
        StartedFrom from;
        RemoteFileStat stored;
        if (settings.via() == Via.TCP) {
            offset = verified;
            from = planned;
            listener.started(size, offset);
            try {
                stored = tcpUpload(token, local, remote, offset, listener);
            } catch (ControlException e) {
                if (offset == 0 || !e.fromServer() || !e.code().equals(ErrorCode.BAD_REQUEST.name())) {
                    throw e;
                }
                // The held upload went between upload-status and upload (expired, taken, replaced).
                offset = 0;
                from = StartedFrom.RESTARTED_NOT_CONFIRMED;
                listener.started(size, 0);
                stored = tcpUpload(token, local, remote, 0, listener);
            }
        } else {
            UploadOptions options = new UploadOptions(settings.udpOptions().withAskSize(true));
            int asked = options.transfer().blockSize() > 0 ? options.transfer().blockSize() : KnownOption.DEFAULT_BLKSIZE;
            listener.started(size, verified - verified % asked);
            UploadResult result = udp.put(udpServer, token, local, remote, options, udpProgress(listener), verified);
            offset = result.resumedFrom();
            from = result.startedFrom() == StartedFrom.FRESH && planned == StartedFrom.RESTARTED_REMOTE_DIFFERS
                    ? planned : result.startedFrom();
            retransmissions = result.transfer().statistics().retransmissions();
            timeouts = result.transfer().statistics().timeouts();
            stored = statAfterUdpTransfer(token, remote);
        }
        Duration elapsed = elapsedSince(start);
        String digest = Sha256.of(local);
        if (stored.size() != size || !digest.equals(stored.sha256())) {
            throw new IOException("the server stored " + remote + " as " + stored.size() + " bytes with SHA-256 "
                    + stored.sha256() + ", but " + local + " is " + size + " bytes with " + digest
                    + " (was it changed while uploading?)");
        }
        return new TransferSummary(settings.via(), local, remote, size, size - offset, from, digest, elapsed,
                retransmissions, timeouts, -1);
    }

    private RemoteFileStat tcpUpload(String token, Path local, String remote, long offset, TransferProgress progress)
            throws ControlException {
        return onControl(c -> c.upload(token, remote, local, offset, sent -> progress.advanced(offset + sent)));
    }

    /**
     * The control connection sat idle while the UDP transfer ran, and a busy server may have
     * closed it to make room (spec/control.md, "Limits"), or the connection may have died in the
     * meantime: a stat is harmless to ask again, on a new connection. The token outlives it.
     */
    private RemoteFileStat statAfterUdpTransfer(String token, String remote) throws IOException {
        try {
            return onControl(c -> c.stat(token, remote));
        } catch (ControlException e) {
            if (!e.code().equals(ControlException.CONNECTION_LOST) || cancelled.get()) {
                throw e;
            }
            control = connectControl(control.serverAddress(), timeout);
            return control.stat(token, remote);
        }
    }

    /** Attempts at a call whose connection gave way to newcomers, the first included. */
    private static final int GAVE_WAY_ATTEMPTS = 5;

    /**
     * Connects and says hello, again (a few times, backing off) if the connection gave way
     * before its hello was read, as it may on a server whose slots are all taken and that many
     * connect to (spec/control.md section 7). A hello changes nothing: saying it again is safe.
     */
    private static ControlClient connectControl(InetSocketAddress server, Duration timeout) throws ControlException {
        for (int attempt = 1; ; attempt++) {
            try {
                return ControlClient.connect(server, timeout);
            } catch (ControlException e) {
                if (!gaveWay(e) || attempt == GAVE_WAY_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** The server closed the connection to make room while it waited on us: what we sent never ran. */
    private static boolean gaveWay(ControlException e) {
        return e.fromServer() && e.code().equals(ErrorCode.BUSY.name())
                && e.getMessage().startsWith("closed to make room");
    }

    private static void backOff(int attempt) throws ControlException {
        try {
            Thread.sleep(25L << attempt); // 50, 100, 200, 400 ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ControlException.local(ControlException.CONNECTION_LOST, "interrupted while connecting again", e);
        }
    }

    /** One call on the control connection. */
    @FunctionalInterface
    private interface ControlCall<T> {
        T on(ControlClient client) throws ControlException;
    }

    /**
     * Runs {@code call}; if the server had closed the connection to make room for a newcomer
     * while it waited on us (spec/control.md section 7), the request never ran: connects again
     * and runs it there (a few times at most).
     */
    private <T> T onControl(ControlCall<T> call) throws ControlException {
        for (int attempt = 1; ; attempt++) {
            ControlClient current = control;
            try {
                return call.on(current);
            } catch (ControlException e) {
                if (!gaveWay(e) || cancelled.get() || attempt == GAVE_WAY_ATTEMPTS) {
                    throw e;
                }
                control = connectControl(current.serverAddress(), timeout);
            }
        }
    }

    /**
     * Stops a running transfer from another thread (Ctrl-C): a download keeps its partial copy
     * for the next attempt, an upload leaves the remote file as it was.
     */
    public void cancel() {
        cancelled.set(true);
        control.close(); // a TCP transfer blocked in a read or write ends at once
    }

    @Override
    public void close() {
        control.close();
    }

    private static ProgressListener udpProgress(TransferProgress progress) {
        return (done, total) -> progress.advanced(done);
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String describe(InetSocketAddress server) {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    /**
     * The TCP data path writes into the part file through this, checkpointing as it goes.
     *
     * <p>It also stops the download on {@link #cancel()}: closing the socket is not enough, as
     * the rest of a file may already sit in the control client's read buffer (up to 64 KiB),
     * which a closed socket does not empty, and the download would then finish regardless.
     */
    private static final class PartialStream extends OutputStream {
        private final ResumableDownload.Partial partial;
        private final BooleanSupplier cancelled;

        PartialStream(ResumableDownload.Partial partial, BooleanSupplier cancelled) {
            this.partial = partial;
            this.cancelled = cancelled;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (cancelled.getAsBoolean()) {
                throw new IOException("transfer cancelled");
            }
            partial.write(ByteBuffer.wrap(bytes, offset, length));
        }
    }
}
