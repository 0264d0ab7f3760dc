package netdisk.udp.server;

import java.util.Objects;
import netdisk.udp.blocks.BlockSink;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * A write the handler allows.
 *
 * @param sink where the data goes; completed on success, aborted otherwise
 * @param extensions options beyond the RFC ones to acknowledge in the OACK, in order
 * @param label how the transfer is named in logs
 * @param settle called once the RFC options are negotiated, for what depends on them
 */
public record WriteGrant(BlockSink sink, TftpOptions extensions, String label, Settle settle) {

    public WriteGrant {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(settle, "settle");
    }

    /** A write whose terms do not depend on the negotiation. */
    public WriteGrant(BlockSink sink, TftpOptions extensions, String label) {
        this(sink, extensions, label, Settle.NOTHING);
    }

    /**
     * The part of a write that can only be decided once the block size is known, as {@link
     * ReadGrant.Settle} is for reads. netdisk's upload resume is the case: the client counts the
     * blocks the server holds in the block size it asked for, the server may grant another (RFC
     * 2348), and where the data continues — and so the value the OACK confirms — follows from
     * the granted one.
     */
    @FunctionalInterface
    public interface Settle {

        /** Nothing to decide. */
        Settle NOTHING = parameters -> TftpOptions.NONE;

        /**
         * Called once, on the transfer's thread, after negotiation and before the OACK (or ACK 0)
         * goes out and before any block reaches the sink. The sink may be positioned here.
         *
         * @param parameters the terms in force (block size granted, tsize announced ...)
         * @return further extension options for the OACK, after {@link #extensions()}; only
         *     options the request carried (a client refuses others, RFC 2347)
         * @throws RequestRefusedException to refuse the request after all (the client gets the
         *     ERROR instead of an OACK)
         */
        TftpOptions settle(TransferParameters parameters) throws RequestRefusedException;
    }
}
