package netdisk.udp.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.TftpOption;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.WriteRequest;

/**
 * The server's half of RFC 2347: answers the options it knows, in the order they were asked.
 *
 * <ul>
 *   <li>blksize: granted up to {@link ServerLimits#maxBlockSize()} (RFC 2348).
 *   <li>tsize: in a read request, answered with the size when it is known (octet mode); in a
 *       write request, echoed (RFC 2349).
 *   <li>timeout: echoed (RFC 2349); it becomes the ceiling of our adaptive timeout.
 *   <li>windowsize: granted up to {@link ServerLimits#maxWindowSize()} (RFC 7440).
 *   <li>anything else: left for the request handler (extensions) or ignored.
 * </ul>
 */
public final class ServerNegotiation {

    private ServerNegotiation() {}

    /** The outcome: what to put in the OACK (empty: send none) and the parameters in force. */
    public record Result(TftpOptions acknowledged, TransferParameters parameters) {}

    /**
     * @param readSize for a read request, the size to announce when asked, or -1 when unknown
     */
    public static Result negotiate(Request request, ServerLimits limits, long readSize)
            throws OptionNegotiationException {
        int blockSize = KnownOption.DEFAULT_BLKSIZE;
        int windowSize = 1;
        Optional<Duration> timeout = Optional.empty();
        long transferSize = request instanceof WriteRequest ? -1 : readSize;
        List<TftpOption> answered = new ArrayList<>();
        for (TftpOption option : request.options().asList()) {
            Optional<KnownOption> known = KnownOption.named(option.name());
            if (known.isEmpty()) {
                continue;
            }
            long value = parse(known.get(), option.value());
            switch (known.get()) {
                case BLKSIZE -> {
                    blockSize = (int) Math.min(value, limits.maxBlockSize());
                    answered.add(new TftpOption(option.name(), Integer.toString(blockSize)));
                }
                case WINDOWSIZE -> {
                    windowSize = (int) Math.min(value, limits.maxWindowSize());
                    answered.add(new TftpOption(option.name(), Integer.toString(windowSize)));
                }
                case TIMEOUT -> {
                    timeout = Optional.of(Duration.ofSeconds(value));
                    answered.add(new TftpOption(option.name(), Long.toString(value)));
                }
                case TSIZE -> {
                    if (request instanceof WriteRequest) {
                        transferSize = value;
                        answered.add(new TftpOption(option.name(), Long.toString(value)));
                    } else if (readSize >= 0) {
                        answered.add(new TftpOption(option.name(), Long.toString(readSize)));
                    }
                }
            }
        }
        return new Result(TftpOptions.of(answered),
                new TransferParameters(blockSize, windowSize, timeout, transferSize));
    }

    private static long parse(KnownOption option, String value) throws OptionNegotiationException {
        try {
            return option.parse(value);
        } catch (MalformedPacketException e) {
            throw new OptionNegotiationException(e.getMessage());
        }
    }
}
