package netdisk.tools.lab;

/** The lab could not do what it was asked; the message is one line that says why. */
public class LabException extends Exception {

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
