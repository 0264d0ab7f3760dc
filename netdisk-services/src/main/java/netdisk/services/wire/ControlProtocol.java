package netdisk.services.wire;

/**
 * Facts about the control protocol that both ends must agree on. The server refuses a {@code hello}
 * with any other version ({@link ErrorCode#UNSUPPORTED_VERSION}); spec/control.md says what a new
 * version would have to change.
 */
public final class ControlProtocol {

    /** The one version this code speaks. */
    public static final int VERSION = 1;

    private ControlProtocol() {
    }
}
