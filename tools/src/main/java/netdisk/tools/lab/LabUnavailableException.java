package netdisk.tools.lab;

/**
 * The lab cannot run on this machine at all (not root, not Linux, a tool missing): the message
 * says which and what would help, in one line.
 */
public final class LabUnavailableException extends LabException {

    public LabUnavailableException(String message) {
        super(message);
    }
}
