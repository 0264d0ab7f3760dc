package netdisk.services.control;

import netdisk.services.storage.ReadableFile;
import netdisk.services.storage.Upload;
import netdisk.services.wire.Response;

/**
 * What the connection does with a request the {@link ControlHandler} accepted: answer with one
 * frame, or run the TCP data path (spec/control.md, "The TCP data path").
 */
public sealed interface Outcome {

    /** Send one response frame. */
    record Reply(Response response) implements Outcome {}

    /**
     * Send {@code header}, then exactly {@code header.length()} bytes of {@code file} from {@code
     * header.offset()}. The connection closes {@code file}.
     */
    record SendFile(Response.DownloadHeader header, ReadableFile file, String user) implements Outcome {}

    /**
     * Send ready, receive exactly {@code size - offset} bytes into {@code upload} (which holds
     * the first {@code offset} already), complete it and answer with the stored file. The
     * connection completes or aborts {@code upload} and closes it, which gives back the bytes of
     * the quota it holds.
     */
    record ReceiveFile(long id, String name, long size, long offset, Upload upload, String user) implements Outcome {}
}
