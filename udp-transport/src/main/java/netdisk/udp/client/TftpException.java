package netdisk.udp.client;

import java.io.IOException;
import java.util.Objects;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferStatistics;

/** A transfer that failed; {@link #failure()} says how. */
public final class TftpException extends IOException {

    private final TransferFailure failure;
    private final transient TransferStatistics statistics;

    public TftpException(TransferFailure failure, TransferStatistics statistics) {
        super(Objects.requireNonNull(failure).message());
        this.failure = failure;
        this.statistics = statistics;
    }

    public TransferFailure failure() {
        return failure;
    }

    /** What the transfer did before it failed (bytes delivered, retransmissions ...). */
    public TransferStatistics statistics() {
        return statistics;
    }
}
