package netdisk.services.client;

/**
 * Told as a get or put advances, in bytes of the whole file (a resumed download starts part-way).
 * Called on the transferring thread: keep it quick.
 */
public interface TransferProgress {

    TransferProgress NONE = new TransferProgress() {
        @Override
        public void started(long total, long startingAt) {}

        @Override
        public void advanced(long done) {}
    };

    /**
     * @param total the file's size, or -1 when unknown
     * @param startingAt bytes already in place before this attempt (resumed), else 0
     */
    void started(long total, long startingAt);

    void advanced(long done);
}
