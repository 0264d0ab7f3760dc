package netdisk.udp.blocks;

import static netdisk.udp.blocks.Netascii.CR;
import static netdisk.udp.blocks.Netascii.LF;
import static netdisk.udp.blocks.Netascii.NUL;

import java.nio.ByteBuffer;

/**
 * Streaming netascii decoder, wire to local (RFC 764 via RFC 1350 §1): CR LF becomes LF, CR NUL
 * becomes CR.
 *
 * <p>A CR may end one DATA block and its LF or NUL start the next, so a CR at the end of the
 * input is held until the next byte (or {@link #finish}) decides what it was. A CR followed by
 * any other byte is not legal netascii; it is kept as a CR and the byte is decoded normally,
 * like most TFTP implementations do, rather than failing the transfer. Does no I/O; not
 * thread-safe.
 */
public final class NetasciiDecoder {

    private boolean heldCr;

    /**
     * Translates from {@code in} into {@code out} until {@code in} is empty or {@code out} is
     * full. Both buffers' positions advance. The output needs at most one byte more than the input
     * (a CR held from the previous call, then a byte that shows it was bare).
     */
    public void decode(ByteBuffer in, ByteBuffer out) {
        while (out.hasRemaining() && in.hasRemaining()) {
            byte b = in.get(in.position());
            if (heldCr) {
                heldCr = false;
                if (b == LF) {
                    in.get();
                    out.put(LF);
                } else if (b == NUL) {
                    in.get();
                    out.put(CR);
                } else {
                    // Bare CR: keep it, and look at b again on the next turn (it may be a CR).
                    out.put(CR);
                }
            } else {
                in.get();
                if (b == CR) {
                    heldCr = true;
                } else {
                    out.put(b);
                }
            }
        }
    }

    /** Whether a CR at the end of the input is waiting for the byte after it. */
    public boolean hasHeldCr() {
        return heldCr;
    }

    /**
     * The input has ended: a held CR was a bare CR at the very end and is written as is.
     *
     * @return false when {@code out} had no room for it (call again with room)
     */
    public boolean finish(ByteBuffer out) {
        if (heldCr) {
            if (!out.hasRemaining()) {
                return false;
            }
            out.put(CR);
            heldCr = false;
        }
        return true;
    }
}
