package netdisk.services.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import netdisk.services.wire.FrameReader;

/** A hand-driven control peer on a real socket: sends whatever bytes a test wants, reads frames. */
final class RawPeer implements AutoCloseable {

    final Socket socket;
    final OutputStream out;
    final InputStream in;
    private final FrameReader reader;

    RawPeer(InetSocketAddress server) throws IOException {
        this(server, null);
    }

    /** From {@code local} (another 127.x address plays another host), or any address if null. */
    RawPeer(InetSocketAddress server, java.net.InetAddress local) throws IOException {
        socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(server, 5000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        reader = new FrameReader(in, 16 << 20);
    }

    RawPeer send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawPeer sendFrame(String json) throws IOException {
        return sendPayload(json.getBytes(StandardCharsets.UTF_8));
    }

    RawPeer sendPayload(byte[] payload) throws IOException {
        return send(ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array());
    }

    RawPeer sendLength(int length) throws IOException {
        return send(ByteBuffer.allocate(4).putInt(length).array());
    }

    RawPeer hello() throws IOException {
        sendFrame("{\"op\":\"hello\",\"id\":1,\"version\":1,\"client\":\"raw\"}");
        ObjectNode answer = read();
        if (!answer.path("ok").asBoolean()) {
            throw new IOException("hello refused: " + answer);
        }
        return this;
    }

    /** The next frame, or null when the server closed. */
    ObjectNode read() throws IOException {
        return reader.read();
    }

    /** Whether the server closed the connection within {@code wait} (reading and dropping frames). */
    boolean closedWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    static String code(ObjectNode failure) {
        return failure.path("error").path("code").asText();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
