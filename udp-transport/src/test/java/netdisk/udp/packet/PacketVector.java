package netdisk.udp.packet;

import java.util.Optional;

/**
 * One vector of {@code spec/vectors/packets.txt}: a datagram and either the packet it decodes to
 * (a description in the file's notation) or the reason it is refused.
 *
 * @param reencoded what encoding the packet gives, when that differs from {@code bytes}
 */
record PacketVector(
        String name,
        byte[] bytes,
        Optional<String> packet,
        Optional<byte[]> reencoded,
        Optional<MalformedPacketException.Reason> malformed) {

    boolean decodes() {
        return packet.isPresent();
    }

    /** The bytes encoding the decoded packet must give. */
    byte[] expectedEncoding() {
        return reencoded.orElse(bytes);
    }

    /** Parameterized tests show this. */
    @Override
    public String toString() {
        return name;
    }
}
