package netdisk.services.discovery;

/**
 * "Which netdisk servers are there?" (spec/discovery.md 2.1): a nonce the answer echoes, padded
 * to {@code size} bytes so that the answer may be that large.
 *
 * @param nonce random per run of a client, so that it takes no answer meant for another
 * @param size the whole datagram's length, padding included: {@link DiscoveryCodec#HEADER_SIZE}
 *     or more
 */
public record DiscoveryQuestion(long nonce, int size) implements DiscoveryMessage {

    public DiscoveryQuestion {
        if (size < DiscoveryCodec.HEADER_SIZE || size > DiscoveryCodec.MAX_SIZE) {
            throw new IllegalArgumentException("a question is " + DiscoveryCodec.HEADER_SIZE + ".."
                    + DiscoveryCodec.MAX_SIZE + " bytes, not " + size);
        }
    }

    /** The size a client pads its question to: room for any answer (spec/discovery.md 2.1). */
    public static final int PADDED_SIZE = 512;

    public static DiscoveryQuestion padded(long nonce) {
        return new DiscoveryQuestion(nonce, PADDED_SIZE);
    }
}
