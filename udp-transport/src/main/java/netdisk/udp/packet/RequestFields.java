package netdisk.udp.packet;

import java.util.Objects;

/** Validation shared by the two request records. */
final class RequestFields {

    private RequestFields() {}

    static void check(String filename, TransferMode mode, TftpOptions options) {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        if (filename.isEmpty()) {
            throw new IllegalArgumentException("filename must not be empty");
        }
        if (filename.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("filename must not contain NUL");
        }
    }
}
