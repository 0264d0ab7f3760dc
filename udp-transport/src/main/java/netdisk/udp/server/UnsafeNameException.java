package netdisk.udp.server;

import java.util.Objects;

/**
 * A name from the network that {@link FolderGuard} will not turn into a path. The message is
 * neutral; each server words its own answer from the {@link #reason()}.
 */
public final class UnsafeNameException extends Exception {

    /** Why the name was refused. */
    public enum Reason {
        /** The folder's {@link NameRule} refuses it; the message says why. */
        REFUSED,
        /** The JVM's file-name encoding cannot hold it; the message says so. */
        UNREPRESENTABLE,
        /** It leads outside the folder, lexically or through a symbolic link. */
        OUTSIDE
    }

    private final Reason reason;

    UnsafeNameException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
