package netdisk.services.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import netdisk.services.JsonTrees;

/**
 * Control messages to and from JSON objects (spec/control.md, "Operations"). Decoding is strict
 * about the fields it needs (present, of the right JSON type, in range) and ignores fields it
 * does not know, so a newer peer can add some. No I/O.
 */
public final class MessageCodec {

    /** The largest request id: the largest integer every JSON implementation holds exactly. */
    public static final long MAX_ID = (1L << 53) - 1;

    private MessageCodec() {}

    // ---------------------------------------------------------------- requests

    /**
     * The request in {@code frame}.
     *
     * @throws ProtocolException BAD_REQUEST for a missing or ill-typed field, UNKNOWN_OP
     */
    public static Request decodeRequest(ObjectNode frame) throws ProtocolException {
        long id = id(frame);
        String op = text(frame, "op");
        return switch (op) {
            case "hello" -> new Request.Hello(id, intField(frame, "version"), text(frame, "client"));
            case "register" -> new Request.Register(id, text(frame, "name"), text(frame, "password"));
            case "login" -> new Request.Login(id, text(frame, "name"), text(frame, "password"));
            case "logout" -> new Request.Logout(id, text(frame, "token"));
            case "passwd" -> new Request.Passwd(id, text(frame, "token"), text(frame, "password"),
                    text(frame, "newPassword"));
            case "unregister" -> new Request.Unregister(id, text(frame, "token"), text(frame, "password"),
                    frame.has("keepFiles") && bool(frame, "keepFiles"));
            case "ls" -> new Request.Ls(id, text(frame, "token"));
            case "stat" -> new Request.Stat(id, text(frame, "token"), text(frame, "name"));
            case "rm" -> new Request.Rm(id, text(frame, "token"), text(frame, "name"));
            case "download" -> new Request.Download(id, text(frame, "token"), text(frame, "name"),
                    frame.has("offset") ? nonNegative(frame, "offset") : 0);
            case "upload" -> upload(frame, id);
            case "upload-status" -> new Request.UploadStatus(id, text(frame, "token"), text(frame, "name"),
                    nonNegative(frame, "size"));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op \"" + op + "\"");
        };
    }

    private static Request.Upload upload(ObjectNode frame, long id) throws ProtocolException {
        long size = nonNegative(frame, "size");
        long offset = frame.has("offset") ? nonNegative(frame, "offset") : 0;
        if (offset > size) {
            throw bad("offset " + offset + " is beyond the size " + size);
        }
        return new Request.Upload(id, text(frame, "token"), text(frame, "name"), size, offset);
    }

    private static boolean bool(ObjectNode frame, String field) throws ProtocolException {
        JsonNode value = frame.get(field);
        if (value == null || !value.isBoolean()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "field \"" + field + "\" must be true or false");
        }
        return value.booleanValue();
    }

    /** The request's id when it has a valid one, else {@code null}: what an error echoes. */
    public static Long idOrNull(ObjectNode frame) {
        JsonNode id = frame.get("id");
        if (id != null && id.isIntegralNumber() && id.canConvertToLong()
                && id.longValue() >= 0 && id.longValue() <= MAX_ID) {
            return id.longValue();
        }
        return null;
    }

    public static ObjectNode encode(Request request) {
        ObjectNode o = object();
        o.put("op", request.op());
        o.put("id", request.id());
        switch (request) {
            case Request.Hello r -> o.put("version", r.version()).put("client", r.client());
            case Request.Register r -> o.put("name", r.name()).put("password", r.password());
            case Request.Login r -> o.put("name", r.name()).put("password", r.password());
            case Request.Logout r -> o.put("token", r.token());
            case Request.Passwd r -> o.put("token", r.token()).put("password", r.password())
                    .put("newPassword", r.newPassword());
            case Request.Unregister r -> o.put("token", r.token()).put("password", r.password())
                    .put("keepFiles", r.keepFiles());
            case Request.Ls r -> o.put("token", r.token());
            case Request.Stat r -> o.put("token", r.token()).put("name", r.name());
            case Request.Rm r -> o.put("token", r.token()).put("name", r.name());
            case Request.Download r -> o.put("token", r.token()).put("name", r.name()).put("offset", r.offset());
            case Request.Upload r -> {
                o.put("token", r.token()).put("name", r.name()).put("size", r.size());
                if (r.offset() > 0) {
                    o.put("offset", r.offset()); // absent from 0: the frame of a plain upload as before
                }
            }
            case Request.UploadStatus r -> o.put("token", r.token()).put("name", r.name()).put("size", r.size());
        }
        return o;
    }

    // ---------------------------------------------------------------- responses

    public static ObjectNode encode(Response response) {
        ObjectNode o = object();
        switch (response) {
            case Response.Failure f -> {
                if (f.id() == null) {
                    o.putNull("id");
                } else {
                    o.put("id", f.id());
                }
                o.put("ok", false);
                ObjectNode error = o.putObject("error");
                error.put("code", f.code()).put("message", f.message());
                if (f.retryAfterMs() != null) {
                    error.put("retryAfterMs", f.retryAfterMs());
                }
            }
            case Response.HelloOk r -> ok(o, r.id()).put("version", r.version()).put("server", r.server())
                    .put("udpPort", r.udpPort()).put("maxFrame", r.maxFrame())
                    .put("minPasswordLength", r.minPasswordLength());
            case Response.Registered r -> ok(o, r.id()).put("user", r.user());
            case Response.LoggedIn r -> ok(o, r.id()).put("token", r.token()).put("user", r.user())
                    .put("expiresAt", r.expiresAt().toString());
            case Response.Done r -> ok(o, r.id());
            case Response.Listing r -> {
                ArrayNode files = ok(o, r.id()).putArray("files");
                for (Response.FileInfo f : r.files()) {
                    files.addObject().put("name", f.name()).put("size", f.size())
                            .put("modified", f.modified().toString());
                }
            }
            case Response.FileStatus r -> ok(o, r.id()).put("name", r.name()).put("size", r.size())
                    .put("modified", r.modified().toString()).put("sha256", r.sha256());
            case Response.DownloadHeader r -> ok(o, r.id()).put("name", r.name()).put("size", r.size())
                    .put("modified", r.modified().toString()).put("offset", r.offset()).put("length", r.length());
            case Response.UploadReady r -> {
                ok(o, r.id()).put("ready", true);
                if (r.offset() > 0) {
                    o.put("offset", r.offset());
                }
            }
            case Response.UploadStatus r -> ok(o, r.id()).put("name", r.name()).put("size", r.size())
                    .put("held", r.held()).put("sha256", r.sha256());
            case Response.Uploaded r -> ok(o, r.id()).put("name", r.name()).put("size", r.size())
                    .put("modified", r.modified().toString()).put("sha256", r.sha256());
        }
        return o;
    }

    /**
     * The response in {@code frame} to a request of {@code op}; for {@code upload}, the ready
     * frame or the final one, told apart by {@code "ready"}.
     *
     * @throws ProtocolException BAD_REQUEST when the frame is not a valid response
     */
    public static Response decodeResponse(String op, ObjectNode frame) throws ProtocolException {
        JsonNode ok = frame.get("ok");
        if (ok == null || !ok.isBoolean()) {
            throw bad("field \"ok\" must be true or false");
        }
        if (!ok.booleanValue()) {
            JsonNode error = frame.get("error");
            if (error == null || !error.isObject()) {
                throw bad("field \"error\" must be an object");
            }
            ObjectNode e = (ObjectNode) error;
            Long retry = e.has("retryAfterMs") ? nonNegative(e, "retryAfterMs") : null;
            JsonNode id = frame.get("id");
            return new Response.Failure(id == null || id.isNull() ? null : id(frame),
                    text(e, "code"), text(e, "message"), retry);
        }
        long id = id(frame);
        return switch (op) {
            case "hello" -> new Response.HelloOk(id, intField(frame, "version"), text(frame, "server"),
                    intField(frame, "udpPort"), intField(frame, "maxFrame"), intField(frame, "minPasswordLength"));
            case "register" -> new Response.Registered(id, text(frame, "user"));
            case "login" -> new Response.LoggedIn(id, text(frame, "token"), text(frame, "user"),
                    instant(frame, "expiresAt"));
            case "logout", "rm", "passwd", "unregister" -> new Response.Done(id);
            case "ls" -> new Response.Listing(id, files(frame));
            case "stat" -> new Response.FileStatus(id, text(frame, "name"), nonNegative(frame, "size"),
                    instant(frame, "modified"), text(frame, "sha256"));
            case "download" -> new Response.DownloadHeader(id, text(frame, "name"), nonNegative(frame, "size"),
                    instant(frame, "modified"), nonNegative(frame, "offset"), nonNegative(frame, "length"));
            case "upload" -> frame.has("ready")
                    ? new Response.UploadReady(id, frame.has("offset") ? nonNegative(frame, "offset") : 0)
                    : new Response.Uploaded(id, text(frame, "name"), nonNegative(frame, "size"),
                            instant(frame, "modified"), text(frame, "sha256"));
            case "upload-status" -> new Response.UploadStatus(id, text(frame, "name"), nonNegative(frame, "size"),
                    nonNegative(frame, "held"), text(frame, "sha256"));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op \"" + op + "\"");
        };
    }

    // ---------------------------------------------------------------- fields

    private static ObjectNode object() {
        return JsonTrees.object();
    }

    private static ObjectNode ok(ObjectNode o, long id) {
        return o.put("id", id).put("ok", true);
    }

    private static List<Response.FileInfo> files(ObjectNode frame) throws ProtocolException {
        JsonNode files = frame.get("files");
        if (files == null || !files.isArray()) {
            throw bad("field \"files\" must be an array");
        }
        List<Response.FileInfo> list = new ArrayList<>();
        for (JsonNode f : files) {
            if (!f.isObject()) {
                throw bad("every entry of \"files\" must be an object");
            }
            ObjectNode o = (ObjectNode) f;
            list.add(new Response.FileInfo(text(o, "name"), nonNegative(o, "size"), instant(o, "modified")));
        }
        return list;
    }

    private static long id(ObjectNode frame) throws ProtocolException {
        Long id = idOrNull(frame);
        if (id == null) {
            throw bad("field \"id\" must be an integer 0.." + MAX_ID);
        }
        return id;
    }

    private static String text(ObjectNode o, String field) throws ProtocolException {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw bad("field \"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    private static int intField(ObjectNode o, String field) throws ProtocolException {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad("field \"" + field + "\" must be a 32-bit integer");
        }
        return v.intValue();
    }

    private static long nonNegative(ObjectNode o, String field) throws ProtocolException {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw bad("field \"" + field + "\" must be a non-negative integer");
        }
        return v.longValue();
    }

    private static Instant instant(ObjectNode o, String field) throws ProtocolException {
        String text = text(o, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw bad("field \"" + field + "\" must be an ISO-8601 UTC time");
        }
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message);
    }
}
