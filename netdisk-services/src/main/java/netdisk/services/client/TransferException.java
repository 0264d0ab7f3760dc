package netdisk.services.client;

import java.io.IOException;
import java.util.Objects;
import netdisk.udp.client.TftpException;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferStatistics;

/**
 * A UDP transfer that failed, in the terms of a netdisk user: the file was not there, access was
 * denied, the server stopped answering ... The TFTP details (the ERROR packet's code and text, what
 * moved before the end) stay available for a log or a test, but nothing above this class has to
 * know TFTP's error codes to tell a user what happened.
 */
public final class TransferException extends IOException {

    /** What went wrong, as a user would sort it. */
    public enum Reason {
        /** The server has no such file (TFTP error 1). */
        NOT_FOUND,
        /** The server refused access: a bad session, a name outside the folder (TFTP error 2). */
        ACCESS_DENIED,
        /** The peer stopped answering for the whole give-up time. */
        TIMEOUT,
        /** The options could not be agreed (TFTP error 8, either side). */
        OPTIONS_REFUSED,
        /** The peer broke the protocol. */
        PROTOCOL,
        /** This side's file or socket failed. */
        LOCAL_IO,
        /** Stopped on purpose: cancelled, interrupted, shut down. */
        CANCELLED,
        /** The server refused for another reason (disk full, file exists ...); the message says which. */
        REFUSED
    }

    private final Reason reason;
    private final TransferFailure failure;
    private final transient TransferStatistics statistics;

    private TransferException(Reason reason, TftpException cause) {
        super(cause.getMessage(), cause);
        this.reason = reason;
        this.failure = cause.failure();
        this.statistics = cause.statistics();
    }

    /** The one place a TFTP failure becomes a user's reason. */
    public static TransferException of(TftpException e) {
        Objects.requireNonNull(e, "e");
        TransferFailure f = e.failure();
        Reason reason = switch (f.kind()) {
            case TIMEOUT -> Reason.TIMEOUT;
            case PROTOCOL -> Reason.PROTOCOL;
            case NEGOTIATION -> Reason.OPTIONS_REFUSED;
            case LOCAL_IO -> Reason.LOCAL_IO;
            case CANCELLED -> Reason.CANCELLED;
            case REMOTE_ERROR -> switch (f.errorCode()) {
                case FILE_NOT_FOUND -> Reason.NOT_FOUND;
                case ACCESS_VIOLATION -> Reason.ACCESS_DENIED;
                case OPTION_NEGOTIATION -> Reason.OPTIONS_REFUSED;
                default -> Reason.REFUSED;
            };
        };
        return new TransferException(reason, e);
    }

    public Reason reason() {
        return reason;
    }

    /** The TFTP failure underneath: its kind, the ERROR code sent or received, the message. */
    public TransferFailure failure() {
        return failure;
    }

    /** What the transfer did before it failed (bytes delivered, retransmissions ...). */
    public TransferStatistics statistics() {
        return statistics;
    }

    /** One line for a person: who stopped it and why, in words, then what was said. */
    public String describe() {
        return switch (failure.kind()) {
            case REMOTE_ERROR -> "server refused: " + failure.message() + " (TFTP error " + failure.code() + ")";
            case TIMEOUT -> "timed out: " + failure.message();
            case NEGOTIATION -> "options refused: " + failure.message();
            case PROTOCOL -> "protocol error: " + failure.message();
            case LOCAL_IO -> failure.message();
            case CANCELLED -> "cancelled: " + failure.message();
        };
    }
}
