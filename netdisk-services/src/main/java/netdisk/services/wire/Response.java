package netdisk.services.wire;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A response frame: {@code "ok":true} with the op's fields, or a {@link Failure}
 * (spec/control.md, "Operations" and "Errors").
 */
public sealed interface Response {

    /** {@code hello}: what the server speaks and where its UDP side listens. */
    record HelloOk(long id, int version, String server, int udpPort, int maxFrame, int minPasswordLength)
            implements Response {}

    /** {@code register}: the name as recorded. */
    record Registered(long id, String user) implements Response {}

    /** {@code login}: the session. */
    record LoggedIn(long id, String token, String user, Instant expiresAt) implements Response {
        @Override
        public String toString() {
            return "LoggedIn[id=" + id + ", user=" + user + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** {@code logout}, {@code rm}: done, nothing to say. */
    record Done(long id) implements Response {}

    /** One file of a listing. */
    record FileInfo(String name, long size, Instant modified) {}

    /** {@code ls}. */
    record Listing(long id, List<FileInfo> files) implements Response {
        public Listing {
            files = List.copyOf(files);
        }
    }

    /** {@code stat}. */
    record FileStatus(long id, String name, long size, Instant modified, String sha256) implements Response {}

    /** {@code download}: exactly {@code length} raw bytes follow this frame. */
    record DownloadHeader(long id, String name, long size, Instant modified, long offset, long length)
            implements Response {}

    /** {@code upload}, first answer: send the bytes after {@code offset} now. */
    record UploadReady(long id, long offset) implements Response {
        /** From the first byte. */
        public UploadReady(long id) {
            this(id, 0);
        }
    }

    /**
     * {@code upload-status}: the first {@code held} bytes of an upload of {@code name} and {@code
     * size} are on the server (0 when nothing is), with their SHA-256 (of no bytes for 0).
     */
    record UploadStatus(long id, String name, long size, long held, String sha256) implements Response {}

    /** {@code upload}, final answer: the file as stored. */
    record Uploaded(long id, String name, long size, Instant modified, String sha256) implements Response {}

    /**
     * {@code "ok":false}.
     *
     * @param id the request's id, {@code null} when it could not be read (a framing error)
     * @param code a stable code; kept as text so a client survives codes added later
     * @param retryAfterMs for THROTTLED, otherwise {@code null}
     */
    record Failure(Long id, String code, String message, Long retryAfterMs) implements Response {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        public static Failure of(Long id, ProtocolException e) {
            Duration retry = e.retryAfter();
            return new Failure(id, e.code().name(), e.getMessage(), retry == null ? null : retry.toMillis());
        }

        public static Failure of(Long id, ErrorCode code, String message) {
            return new Failure(id, code.name(), message, null);
        }

        /** The code as a constant, empty when this version does not know it. */
        public Optional<ErrorCode> errorCode() {
            return ErrorCode.fromWire(code);
        }
    }
}
