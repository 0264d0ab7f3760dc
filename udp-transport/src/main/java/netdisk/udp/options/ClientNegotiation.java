package netdisk.udp.options;

import java.time.Duration;
import java.util.Optional;
import netdisk.udp.packet.KnownOption;
import netdisk.udp.packet.MalformedPacketException;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.TftpOption;
import netdisk.udp.packet.TftpOptions;

/**
 * The client's half of RFC 2347: checks an OACK against what was asked.
 *
 * <p>RFC 2347 §3 lets a client refuse an OACK it does not like with ERROR 8. We refuse an option
 * we did not ask for, a blksize above the one asked (RFC 2348: the server may only lower it), a
 * windowsize above the one asked (RFC 7440), and a timeout other than the one asked (RFC 2349:
 * the server must echo it).
 */
public final class ClientNegotiation {

    private ClientNegotiation() {}

    /** The parameters in force after {@code oack} answered a request that carried {@code asked}. */
    public static TransferParameters accept(TftpOptions asked, OptionAck oack) throws OptionNegotiationException {
        int blockSize = KnownOption.DEFAULT_BLKSIZE;
        int windowSize = 1;
        Optional<Duration> timeout = Optional.empty();
        long transferSize = -1;
        for (TftpOption option : oack.options().asList()) {
            Optional<String> askedValue = asked.get(option.name());
            if (askedValue.isEmpty()) {
                throw new OptionNegotiationException("server acknowledged option " + option.name() + " that was not requested");
            }
            Optional<KnownOption> known = KnownOption.named(option.name());
            if (known.isEmpty()) {
                continue; // an extension: its meaning is for the caller, who reads it from the OACK
            }
            long value = parse(known.get(), option.value());
            long requested = parse(known.get(), askedValue.get());
            switch (known.get()) {
                case BLKSIZE -> {
                    if (value > requested || value > KnownOption.MAX_BLKSIZE) {
                        throw new OptionNegotiationException("server granted blksize " + value + " above the requested " + requested);
                    }
                    blockSize = (int) value;
                }
                case WINDOWSIZE -> {
                    if (value > requested) {
                        throw new OptionNegotiationException("server granted windowsize " + value + " above the requested " + requested);
                    }
                    windowSize = (int) Math.min(value, TransferParameters.MAX_WINDOW);
                }
                case TIMEOUT -> {
                    if (value != requested) {
                        throw new OptionNegotiationException("server answered timeout " + value + " to a request for " + requested);
                    }
                    timeout = Optional.of(Duration.ofSeconds(value));
                }
                case TSIZE -> transferSize = value;
            }
        }
        return new TransferParameters(blockSize, windowSize, timeout, transferSize);
    }

    private static long parse(KnownOption option, String value) throws OptionNegotiationException {
        try {
            return option.parse(value);
        } catch (MalformedPacketException e) {
            throw new OptionNegotiationException(e.getMessage());
        }
    }
}
