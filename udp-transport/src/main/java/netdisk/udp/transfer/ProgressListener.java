package netdisk.udp.transfer;

/** Told as a transfer advances; called on the transfer's thread, so it must be quick. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (done, total) -> {};

    /**
     * @param bytesDone bytes acknowledged (sending) or received in order (receiving)
     * @param bytesTotal the announced size (tsize), or -1 when unknown
     */
    void onProgress(long bytesDone, long bytesTotal);
}
