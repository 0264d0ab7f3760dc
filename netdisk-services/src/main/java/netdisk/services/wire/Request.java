package netdisk.services.wire;

/**
 * A request frame, one record per {@code op} (spec/control.md, "Operations"). Every request
 * carries the client's {@code id}, echoed in the response. Records that hold a password or a
 * token never print them.
 */
public sealed interface Request {

    /** The client's request id, echoed in the response. */
    long id();

    /** The {@code op} name on the wire. */
    String op();

    /** {@code hello}: must be the first request; names the protocol version. */
    record Hello(long id, int version, String client) implements Request {
        public String op() {
            return "hello";
        }
    }

    /** {@code register}: creates a user and their folder. */
    record Register(long id, String name, String password) implements Request {
        public String op() {
            return "register";
        }

        @Override
        public String toString() {
            return "Register[id=" + id + ", name=" + name + "]";
        }
    }

    /** {@code login}: a session token bound to the connection's client address. */
    record Login(long id, String name, String password) implements Request {
        public String op() {
            return "login";
        }

        @Override
        public String toString() {
            return "Login[id=" + id + ", name=" + name + "]";
        }
    }

    /** {@code logout}: revokes a token (an unknown token is not an error). */
    record Logout(long id, String token) implements Request {
        public String op() {
            return "logout";
        }

        @Override
        public String toString() {
            return "Logout[id=" + id + "]";
        }
    }

    /** {@code passwd}: a new password, once the current one is proven; every session of the user ends. */
    record Passwd(long id, String token, String password, String newPassword) implements Request {
        public String op() {
            return "passwd";
        }

        @Override
        public String toString() {
            return "Passwd[id=" + id + "]"; // never a password or a token in a log line
        }
    }

    /** {@code unregister}: removes the account (and its files unless {@code keepFiles}). */
    record Unregister(long id, String token, String password, boolean keepFiles) implements Request {
        public String op() {
            return "unregister";
        }

        @Override
        public String toString() {
            return "Unregister[id=" + id + ", keepFiles=" + keepFiles + "]";
        }
    }

    /** {@code ls}: the user's files. */
    record Ls(long id, String token) implements Request {
        public String op() {
            return "ls";
        }

        @Override
        public String toString() {
            return "Ls[id=" + id + "]";
        }
    }

    /** {@code stat}: one file with its SHA-256. */
    record Stat(long id, String token, String name) implements Request {
        public String op() {
            return "stat";
        }

        @Override
        public String toString() {
            return "Stat[id=" + id + ", name=" + name + "]";
        }
    }

    /** {@code rm}: deletes one file. */
    record Rm(long id, String token, String name) implements Request {
        public String op() {
            return "rm";
        }

        @Override
        public String toString() {
            return "Rm[id=" + id + ", name=" + name + "]";
        }
    }

    /** {@code download}: the file's bytes from {@code offset} on, raw, after a header frame. */
    record Download(long id, String token, String name, long offset) implements Request {
        public String op() {
            return "download";
        }

        @Override
        public String toString() {
            return "Download[id=" + id + ", name=" + name + ", offset=" + offset + "]";
        }
    }

    /**
     * {@code upload}: {@code size - offset} raw bytes follow the server's ready frame; with
     * {@code offset} above 0 they continue the server's held upload of that name and size.
     */
    record Upload(long id, String token, String name, long size, long offset) implements Request {
        public Upload {
            if (offset < 0 || offset > size) {
                throw new IllegalArgumentException("offset must be 0.." + size + ": " + offset);
            }
        }

        /** From the first byte. */
        public Upload(long id, String token, String name, long size) {
            this(id, token, name, size, 0);
        }

        public String op() {
            return "upload";
        }

        @Override
        public String toString() {
            return "Upload[id=" + id + ", name=" + name + ", size=" + size + ", offset=" + offset + "]";
        }
    }

    /** {@code upload-status}: what the server holds of a failed upload of {@code name} and {@code size}. */
    record UploadStatus(long id, String token, String name, long size) implements Request {
        public String op() {
            return "upload-status";
        }

        @Override
        public String toString() {
            return "UploadStatus[id=" + id + ", name=" + name + ", size=" + size + "]";
        }
    }
}
