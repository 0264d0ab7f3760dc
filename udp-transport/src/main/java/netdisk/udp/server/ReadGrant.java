package netdisk.udp.server;

import java.util.Objects;
import netdisk.udp.blocks.BlockSource;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.TftpOptions;

/**
 * A read the handler allows.
 *
 * @param source the data to send; the server closes it when the transfer ends. Its {@link
 *     BlockSource#size()} is what a tsize option is answered with
 * @param extensions options beyond the RFC ones to acknowledge in the OACK, in order
 * @param label how the transfer is named in logs (e.g. "alice/holiday.mp4")
 * @param settle called once the RFC options are negotiated, for what depends on them
 */
public record ReadGrant(BlockSource source, TftpOptions extensions, String label, Settle settle) {

    public ReadGrant {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(settle, "settle");
    }

    /** A read whose terms do not depend on the negotiation. */
    public ReadGrant(BlockSource source, TftpOptions extensions, String label) {
        this(source, extensions, label, Settle.NOTHING);
    }

    /**
     * The part of a read that can only be decided once the block size is known. netdisk's resume
     * is the case: the client counts the blocks it holds in the block size it asked for, the
     * server may grant another (RFC 2348), and where the data starts — and so the value the OACK
     * confirms — follows from the granted one.
     */
    @FunctionalInterface
    public interface Settle {

        /** Nothing to decide. */
        Settle NOTHING = parameters -> TftpOptions.NONE;

        /**
         * Called once, on the transfer's thread, after negotiation and before the OACK (or DATA
         * 1) goes out and before the source is read. The source may be positioned here.
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
