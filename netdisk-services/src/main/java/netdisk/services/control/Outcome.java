package netdisk.services.control;

import java.nio.channels.FileChannel;
import netdisk.services.storage.UploadReservations;
import netdisk.services.wire.Response;
import netdisk.udp.blocks.FileBlockSink;

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
    record SendFile(Response.DownloadHeader header, FileChannel file, String user) implements Outcome {}

    /**
     * Send ready, receive exactly {@code size} bytes into {@code sink}, complete it and answer
     * with the stored file. The connection completes or aborts {@code sink}.
     */
    /** Receive an upload into {@code sink}; {@code reservation} holds its bytes of the quota until it ends. */
    record ReceiveFile(long id, String name, long size, FileBlockSink sink, String user,
            UploadReservations.Reservation reservation) implements Outcome {}
}
