package netdisk.udp.blocks;

import static netdisk.udp.blocks.Netascii.CR;
import static netdisk.udp.blocks.Netascii.LF;
import static netdisk.udp.blocks.Netascii.NUL;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Streaming netascii encoder, local to wire (RFC 764 via RFC 1350 §1): LF becomes CR LF, CR
 * becomes CR NUL, every other byte passes through.
 *
 * <p>One local byte may need two wire bytes and the output may fill up between them (a DATA
 * block ends after the CR). The second byte is then held as {@link #pending()} and emitted first
 * by the next call. {@link #restore(Pending)} puts a saved state back, which is how a sender
 * re-produces an earlier block after a retransmission. Does no I/O; not thread-safe.
 */
public final class NetasciiEncoder {

    /** The second byte of a two-byte sequence that did not fit in the last output. */
    public enum Pending {
        NONE,
        /** The LF of a CR LF (from a local LF). */
        LF,
        /** The NUL of a CR NUL (from a local bare CR). */
        NUL
    }

    private Pending pending = Pending.NONE;

    /**
     * Translates from {@code in} into {@code out} until {@code in} is empty and nothing is
     * pending, or {@code out} is full. Both buffers' positions advance.
     */
    public void encode(ByteBuffer in, ByteBuffer out) {
        while (out.hasRemaining()) {
            if (pending != Pending.NONE) {
                out.put(pending == Pending.LF ? LF : NUL);
                pending = Pending.NONE;
                continue;
            }
            if (!in.hasRemaining()) {
                return;
            }
            byte b = in.get();
            if (b == LF) {
                out.put(CR);
                pending = Pending.LF;
            } else if (b == CR) {
                out.put(CR);
                pending = Pending.NUL;
            } else {
                out.put(b);
            }
        }
    }

    /** Whether a byte is held back for the next output. */
    public boolean hasPending() {
        return pending != Pending.NONE;
    }

    public Pending pending() {
        return pending;
    }

    /** Resets the state to one saved earlier with {@link #pending()}. */
    public void restore(Pending state) {
        pending = Objects.requireNonNull(state, "state");
    }
}
