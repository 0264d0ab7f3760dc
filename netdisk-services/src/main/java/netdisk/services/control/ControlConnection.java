package netdisk.services.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import netdisk.services.ServedTransfer;
import netdisk.services.control.DeadlineInput.DeadlineException;
import netdisk.services.wire.DataPath;
import netdisk.services.wire.ErrorCode;
import netdisk.services.wire.FrameException;
import netdisk.services.wire.FrameReader;
import netdisk.services.wire.FrameWriter;
import netdisk.services.wire.MessageCodec;
import netdisk.services.wire.ProtocolException;
import netdisk.services.wire.Request;
import netdisk.services.wire.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's control connection, on its own (virtual) thread: reads frames under the time
 * limits, hands requests to the {@link ControlHandler}, writes answers, runs the data path.
 *
 * <p>States: awaiting hello (the whole hello must arrive within helloTimeout of the accept),
 * ready (a new frame within idleTimeout; each frame complete within frameTimeout of its first
 * byte), streaming (raw bytes, each read or write progressing within streamStallTimeout). A
 * framing error or a timeout gets one error frame and the connection closes; a bad request keeps
 * it open (spec/control.md, "Errors"). While it waits on its peer (awaiting hello, ready, or in
 * the middle of a frame) its slot may go to a newcomer ({@link ConnectionSlots}): it then sends
 * BUSY and closes.
 */
final class ControlConnection implements Runnable, ConnectionSlots.Parkable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlConnection.class);
    static final String GAVE_WAY = "closed to make room for a new connection: this one was waiting on you while "
            + "every slot was taken; connect again";

    private final Socket socket;
    private final ControlHandler handler;
    private final ControlLimits limits;
    private final ScheduledExecutorService timer;
    private final ServedTransfer.Listener transfers;

    private DeadlineInput deadlines;
    private InputStream in;
    private StallGuard guard;
    private FrameWriter writer;
    private boolean helloDone;
    /**
     * Since when it waits on its peer: from the accept, and from each answer on (set before the
     * answer is written, so that an earlier connection always counts as waiting longer); the slot
     * may be yielded meanwhile. NOT_WAITING while a request is read to its end or handled.
     */
    private volatile long waitingSince = System.nanoTime();
    private boolean yielded;
    /** Its thread holds the socket's streams (shutting input down earlier would deny them to it). */
    private boolean streamsReady;

    ControlConnection(Socket socket, ControlHandler handler, ControlLimits limits, ScheduledExecutorService timer,
            ServedTransfer.Listener transfers) {
        this.socket = socket;
        this.handler = handler;
        this.limits = limits;
        this.timer = timer;
        this.transfers = transfers;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true);
            deadlines = new DeadlineInput(socket);
            in = new BufferedInputStream(deadlines, DataPath.CHUNK);
            guard = new StallGuard(socket, timer, limits.streamStallTimeout());
            writer = new FrameWriter(guard, Integer.MAX_VALUE);
            boolean yieldedBeforeStart;
            synchronized (this) {
                streamsReady = true;
                yieldedBeforeStart = yielded;
            }
            if (yieldedBeforeStart) {
                answerAndClose(Response.Failure.of(null, ErrorCode.BUSY, GAVE_WAY));
                return;
            }
            serve();
        } catch (IOException e) {
            if (guard != null && guard.stalled()) {
                LOG.debug("{}: closed, the peer stopped reading", peer());
            } else {
                LOG.debug("{}: connection ended: {}", peer(), e.toString());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: connection failed", peer(), e);
        }
    }

    private void serve() throws IOException {
        FrameReader reader = new FrameReader(in, limits.maxFrame());
        long helloDeadline = System.nanoTime() + limits.helloTimeout().toNanos();
        while (!socket.isClosed()) {
            long waitEnd = helloDone ? System.nanoTime() + limits.idleTimeout().toNanos() : helloDeadline;
            deadlines.until(waitEnd, helloDone
                    ? "no request for " + seconds(limits.idleTimeout()) + "; closing idle connection"
                    : "no hello within " + seconds(limits.helloTimeout()) + " of connecting");
            ObjectNode frame = null;
            IOException failed = null;
            startWaiting();
            try {
                frame = reader.read(() -> frameStarted(helloDeadline));
            } catch (IOException e) {
                failed = e;
            }
            if (stopWaiting()) {
                answerAndClose(Response.Failure.of(null, ErrorCode.BUSY, GAVE_WAY));
                return;
            }
            if (failed instanceof DeadlineException e) {
                answerAndClose(Response.Failure.of(null, ErrorCode.TIMEOUT, e.getMessage()));
                return;
            }
            if (failed instanceof FrameException e) {
                if (e.fatal()) {
                    if (e.kind() != FrameException.Kind.TRUNCATED) {
                        answerAndClose(Response.Failure.of(null, e.code(), e.getMessage() + "; closing"));
                    }
                    return;
                }
                startWaiting();
                send(Response.Failure.of(null, e.code(), e.getMessage()));
                continue;
            }
            if (failed != null) {
                throw failed;
            }
            if (frame == null) {
                return; // the peer closed between frames
            }
            if (!answer(frame)) {
                return;
            }
        }
    }

    @Override
    public long waitingSinceNanos() {
        return waitingSince;
    }

    @Override
    public synchronized boolean yieldSlot() {
        if (waitingSince == ConnectionSlots.NOT_WAITING || yielded) {
            return false;
        }
        yielded = true;
        if (!streamsReady) {
            return true; // its thread has not started: it tells the peer as it starts
        }
        try {
            socket.shutdownInput(); // the blocked read ends at once; this thread tells the peer why
        } catch (IOException e) {
            close();
        }
        return true;
    }

    /** Waiting on the peer from now, unless it already is (since its last answer). */
    private synchronized void startWaiting() {
        if (waitingSince == ConnectionSlots.NOT_WAITING) {
            waitingSince = System.nanoTime();
        }
    }

    /** Stops waiting on the peer; true if the slot was yielded meanwhile (the connection must close). */
    private synchronized boolean stopWaiting() {
        waitingSince = ConnectionSlots.NOT_WAITING;
        return yielded;
    }

    /** The first byte of a frame arrived: the whole frame must follow within frameTimeout. */
    private void frameStarted(long helloDeadline) {
        long frameEnd = System.nanoTime() + limits.frameTimeout().toNanos();
        String frameLimit = "frame not complete within " + seconds(limits.frameTimeout()) + " of its first byte";
        if (helloDone || frameEnd <= helloDeadline) {
            deadlines.until(frameEnd, frameLimit);
        } else {
            deadlines.until(helloDeadline, "no hello within " + seconds(limits.helloTimeout()) + " of connecting");
        }
    }

    /** Answers one request; false when the connection must close. */
    private boolean answer(ObjectNode frame) throws IOException {
        Long id = MessageCodec.idOrNull(frame);
        Outcome outcome;
        try {
            Request request = MessageCodec.decodeRequest(frame);
            if (!helloDone && !(request instanceof Request.Hello)) {
                throw new ProtocolException(ErrorCode.HELLO_REQUIRED, "send hello first");
            }
            LOG.debug("{}: {}", peer(), request);
            outcome = handler.handle(request, clientAddress());
        } catch (ProtocolException e) {
            startWaiting();
            send(Response.Failure.of(id, e));
            return true;
        }
        return switch (outcome) {
            case Outcome.Reply reply -> {
                if (reply.response() instanceof Response.HelloOk) {
                    helloDone = true;
                }
                startWaiting(); // before the peer can see the answer and act on it
                send(reply.response());
                yield true;
            }
            case Outcome.SendFile sendFile -> sendFile(sendFile);
            case Outcome.ReceiveFile receiveFile -> receiveFile(receiveFile);
        };
    }

    private boolean sendFile(Outcome.SendFile out) throws IOException {
        long start = System.nanoTime();
        String failure = "connection lost";
        try (var file = out.file()) {
            send(out.header());
            DataPath.send(file.channel(), out.header().offset(), out.header().length(), guard, DataPath.NO_PROGRESS);
            failure = null;
            return true;
        } finally {
            report(ServedTransfer.Direction.GET, out.user(), out.header().name(),
                    failure == null ? out.header().length() : 0, start, failure);
        }
    }

    private void report(ServedTransfer.Direction direction, String user, String name, long bytes, long start,
            String failure) {
        try {
            transfers.finished(ServedTransfer.tcp(direction, (InetSocketAddress) socket.getRemoteSocketAddress(),
                    user, name, bytes, Duration.ofNanos(System.nanoTime() - start), failure));
        } catch (RuntimeException e) {
            LOG.warn("transfer listener failed", e); // a log line must never break a connection
        }
    }

    private boolean receiveFile(Outcome.ReceiveFile up) throws IOException {
        long start = System.nanoTime();
        UploadEnd end = UploadEnd.BROKEN;
        try {
            end = receiveInto(up);
            return end != UploadEnd.BROKEN;
        } finally {
            up.upload().close(); // after the finished file took its place: it counts from now on
            report(ServedTransfer.Direction.PUT, up.user(), up.name(),
                    end == UploadEnd.STORED ? up.size() - up.offset() : 0,
                    start, end == UploadEnd.STORED ? null : "upload not completed; the old file is kept");
        }
    }

    /** How an upload ended: stored, refused with the connection still usable, or broken (close). */
    private enum UploadEnd { STORED, NOT_STORED, BROKEN }

    private UploadEnd receiveInto(Outcome.ReceiveFile up) throws IOException {
        try (var sink = up.upload()) {
            send(new Response.UploadReady(up.id(), up.offset()));
            long length = up.size() - up.offset();
            deadlines.stallAfter(limits.streamStallTimeout(), "upload made no progress for "
                    + seconds(limits.streamStallTimeout()));
            try {
                DataPath.receive(in, length, (bytes, offset, count) -> sink.write(ByteBuffer.wrap(bytes, offset, count)),
                        DataPath.NO_PROGRESS);
            } catch (DeadlineException e) {
                sink.abort();
                answerAndClose(Response.Failure.of(up.id(), ErrorCode.TIMEOUT, e.getMessage()
                        + "; the upload was not stored"));
                return UploadEnd.BROKEN;
            } catch (DataPath.SinkFailure e) {
                // Hardening finding 10: the disk filled mid-stream. Say so at once, then take in
                // the rest of the bytes so the connection stays in step for the next request.
                sink.abort();
                LOG.warn("{}: storing upload of {} failed: {}", peer(), up.name(), e.getMessage());
                send(storageFailure(up, e.getCause()));
                try {
                    DataPath.discard(in, length - e.consumed());
                    return UploadEnd.NOT_STORED;
                } catch (IOException gone) {
                    close();
                    return UploadEnd.BROKEN;
                }
            } catch (IOException e) {
                sink.abort(); // the stream broke: the old file stays, what arrived is held for a resume
                throw e;
            }
            try {
                sink.complete();
            } catch (IOException e) {
                sink.abort();
                LOG.warn("{}: storing upload of {} failed", peer(), up.name(), e);
                send(storageFailure(up, e));
                return UploadEnd.NOT_STORED;
            }
            var modified = sink.modified();
            // The upload digests what it writes, after the bytes it continued (hashed first).
            send(new Response.Uploaded(up.id(), up.name(), up.size(), modified, sink.sha256()));
            return UploadEnd.STORED;
        }
    }

    /** STORAGE_FULL when the disk ran out of room (or of the user's disk quota), INTERNAL otherwise. */
    private static Response.Failure storageFailure(Outcome.ReceiveFile up, Throwable cause) {
        if (up.upload().ranOutOfSpace(cause)) {
            return Response.Failure.of(up.id(), ErrorCode.STORAGE_FULL, "the server's disk is full: the upload of "
                    + up.name() + " was discarded and the old file is kept");
        }
        return Response.Failure.of(up.id(), ErrorCode.INTERNAL, "storing " + up.name() + " failed on the server");
    }

    private void send(Response response) throws IOException {
        writer.write(MessageCodec.encode(response));
    }

    /** Best effort: the peer may be gone already; the connection closes either way. */
    private void answerAndClose(Response.Failure failure) {
        LOG.debug("{}: {} {}; closing", peer(), failure.code(), failure.message());
        try {
            send(failure);
            socket.shutdownOutput();
        } catch (IOException e) {
            // Nobody to tell.
        }
        close();
    }

    private InetAddress clientAddress() {
        return socket.getInetAddress();
    }

    private String peer() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
