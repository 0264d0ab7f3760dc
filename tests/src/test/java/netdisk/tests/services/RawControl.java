package netdisk.tests.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control channel spoken by hand (spec/control.md: 4-byte big-endian length + UTF-8 JSON)
 * from a chosen local address, which the client API does not offer: a token used from another
 * machine is simulated by connecting from 127.0.0.2.
 */
final class RawControl implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int nextId = 1;

    private RawControl(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /** Connects from {@code local} (any free port) and says hello. */
    static RawControl connect(InetAddress local, InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(server, 10_000);
            socket.setSoTimeout(20_000);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        RawControl control = new RawControl(socket);
        JsonNode hello = control.call("hello", "version", 1, "client", "raw-e2e");
        if (!hello.path("ok").asBoolean()) {
            control.close();
            throw new IOException("hello refused: " + hello);
        }
        return control;
    }

    /** Sends {@code op} with the given name/value pairs and returns the answer frame. */
    JsonNode call(String op, Object... fields) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", op);
        int id = nextId++;
        request.put("id", id);
        for (int i = 0; i < fields.length; i += 2) {
            request.put((String) fields[i], fields[i + 1]);
        }
        byte[] payload = JSON.writeValueAsBytes(request);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        JsonNode answer = read();
        if (answer.path("id").asInt() != id) {
            throw new IOException("answer to another request: " + answer);
        }
        return answer;
    }

    /** The error code of a failed answer, or "ok". */
    static String codeOf(JsonNode answer) {
        return answer.path("ok").asBoolean() ? "ok" : answer.path("error").path("code").asText();
    }

    private JsonNode read() throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > (16 << 20)) {
            throw new IOException("bad frame length " + length);
        }
        byte[] payload = in.readNBytes(length);
        return JSON.readTree(payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
