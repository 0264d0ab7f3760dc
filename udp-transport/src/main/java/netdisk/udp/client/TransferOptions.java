package netdisk.udp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import netdisk.udp.flow.FlowMode;
import netdisk.udp.options.TransferParameters;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.packet.TftpOption;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.retransmit.RetransmitPolicy;
import netdisk.udp.transfer.ProgressListener;

/**
 * What a client asks for. Immutable; {@code with...} methods return changed copies.
 *
 * @param mode octet or netascii
 * @param blockSize blksize to ask for (RFC 2348), or 0 to not ask (512)
 * @param windowSize windowsize to ask for (RFC 7440; above 32768 the request asks 32768), or 0 to not ask (lockstep)
 * @param timeoutSeconds timeout to ask for (RFC 2349), or 0 to not ask
 * @param askSize whether to ask for / announce tsize (RFC 2349)
 * @param extensions further options to send as they are (e.g. netdisk's token), in order
 * @param retransmit our own retransmission policy
 * @param progress told as the transfer advances
 */
public record TransferOptions(
        TransferMode mode,
        int blockSize,
        int windowSize,
        int timeoutSeconds,
        boolean askSize,
        TftpOptions extensions,
        RetransmitPolicy retransmit,
        ProgressListener progress) {

    /** Block size that fits a 1500-byte Ethernet frame with IPv4/IPv6 and UDP headers to spare. */
    public static final int LAN_BLOCK_SIZE = 1428;
    public static final int DEFAULT_WINDOW = 16;

    public TransferOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(retransmit, "retransmit");
        Objects.requireNonNull(progress, "progress");
        if (mode == TransferMode.MAIL) {
            throw new IllegalArgumentException("mail mode is not supported");
        }
        if (blockSize != 0 && (blockSize < KnownOption.MIN_BLKSIZE || blockSize > KnownOption.MAX_BLKSIZE)) {
            throw new IllegalArgumentException("blksize must be " + KnownOption.MIN_BLKSIZE + ".."
                    + KnownOption.MAX_BLKSIZE + ", got " + blockSize);
        }
        if (windowSize < 0 || windowSize > KnownOption.WINDOWSIZE.max()) {
            throw new IllegalArgumentException("windowsize must be 1.." + KnownOption.WINDOWSIZE.max() + ", got "
                    + windowSize);
        }
        if (timeoutSeconds < 0 || timeoutSeconds > 255) {
            throw new IllegalArgumentException("timeout must be 1..255 seconds, got " + timeoutSeconds);
        }
    }

    /** netdisk's default: octet, blksize 1428, windowsize 16, tsize. */
    public static TransferOptions defaults() {
        return new TransferOptions(TransferMode.OCTET, LAN_BLOCK_SIZE, DEFAULT_WINDOW, 0, true, TftpOptions.NONE,
                RetransmitPolicy.DEFAULT, ProgressListener.NONE);
    }

    /** A plain RFC 1350 request: no options at all. */
    public static TransferOptions plain() {
        return new TransferOptions(TransferMode.OCTET, 0, 0, 0, false, TftpOptions.NONE, RetransmitPolicy.DEFAULT,
                ProgressListener.NONE);
    }

    public TransferOptions withMode(TransferMode value) {
        return new TransferOptions(value, blockSize, windowSize, timeoutSeconds, askSize, extensions, retransmit, progress);
    }

    public TransferOptions withBlockSize(int value) {
        return new TransferOptions(mode, value, windowSize, timeoutSeconds, askSize, extensions, retransmit, progress);
    }

    public TransferOptions withWindowSize(int value) {
        return new TransferOptions(mode, blockSize, value, timeoutSeconds, askSize, extensions, retransmit, progress);
    }

    public TransferOptions withTimeoutSeconds(int value) {
        return new TransferOptions(mode, blockSize, windowSize, value, askSize, extensions, retransmit, progress);
    }

    public TransferOptions withAskSize(boolean value) {
        return new TransferOptions(mode, blockSize, windowSize, timeoutSeconds, value, extensions, retransmit, progress);
    }

    public TransferOptions withExtensions(TftpOptions value) {
        return new TransferOptions(mode, blockSize, windowSize, timeoutSeconds, askSize, value, retransmit, progress);
    }

    /**
     * Asks for (or stops asking for) netdisk's flow mode (spec/protocol.md 16): the {@code
     * netdisk-flow} option among the extensions. A stock server ignores it.
     */
    public TransferOptions withFlowMode(boolean value) {
        List<TftpOption> list = new ArrayList<>();
        for (TftpOption o : extensions.asList()) {
            if (!o.isNamed(FlowMode.OPTION)) {
                list.add(o);
            }
        }
        if (value) {
            list.add(FlowMode.request());
        }
        return withExtensions(TftpOptions.of(list));
    }

    /** Whether the request asks for flow mode. */
    public boolean flowMode() {
        return FlowMode.granted(extensions);
    }

    public TransferOptions withRetransmit(RetransmitPolicy value) {
        return new TransferOptions(mode, blockSize, windowSize, timeoutSeconds, askSize, extensions, value, progress);
    }

    public TransferOptions withProgress(ProgressListener value) {
        return new TransferOptions(mode, blockSize, windowSize, timeoutSeconds, askSize, extensions, retransmit, value);
    }

    /**
     * Our retransmission policy, with the timeout we ask for as its ceiling from the first packet
     * on (not only once the server has agreed to it).
     */
    public RetransmitPolicy effectiveRetransmit() {
        if (timeoutSeconds == 0) {
            return retransmit;
        }
        java.time.Duration ceiling = java.time.Duration.ofSeconds(timeoutSeconds);
        RetransmitPolicy p = retransmit.withMaxTimeout(ceiling.compareTo(retransmit.minTimeout()) < 0 ? retransmit.minTimeout() : ceiling);
        return p.initialTimeout().compareTo(ceiling) > 0 ? p.withInitialTimeout(ceiling) : p;
    }

    /**
     * The options of the request, in a fixed order: blksize, windowsize (at most {@link
     * TransferParameters#MAX_WINDOW}), timeout, tsize, then the extensions. {@code size} is announced in a write request; a read request asks with 0.
     */
    public TftpOptions requestOptions(long size) {
        List<TftpOption> list = new ArrayList<>();
        if (blockSize > 0) {
            list.add(new TftpOption(KnownOption.BLKSIZE.wireName(), Integer.toString(blockSize)));
        }
        if (windowSize > 0) {
            // Never ask for more than we can run: a server may grant all it is asked (RFC 7440),
            // and both sides must then use that window, but past 32768 a 16-bit ACK number could
            // name two blocks of it.
            int asked = Math.min(windowSize, TransferParameters.MAX_WINDOW);
            list.add(new TftpOption(KnownOption.WINDOWSIZE.wireName(), Integer.toString(asked)));
        }
        if (timeoutSeconds > 0) {
            list.add(new TftpOption(KnownOption.TIMEOUT.wireName(), Integer.toString(timeoutSeconds)));
        }
        // Not in netascii: the wire size differs from the file's, and tftpd-hpa answers tsize in
        // netascii with ERROR 8, which would cost the whole option set (blksize included).
        if (askSize && size >= 0 && mode != TransferMode.NETASCII) {
            list.add(new TftpOption(KnownOption.TSIZE.wireName(), Long.toString(size)));
        }
        list.addAll(extensions.asList());
        return TftpOptions.of(list);
    }
}
