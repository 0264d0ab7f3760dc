package netdisk.udp.flow;

import java.util.Optional;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.Request;
import netdisk.udp.packet.TftpOption;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;

/**
 * The RFC 2347 option that two netdisk peers use to agree on flow mode (spec/protocol.md 16).
 *
 * <p>The client asks {@code netdisk-flow 1}; a netdisk server that grants it answers {@code
 * netdisk-flow 1} in its OACK and from then on both sides speak FLOW_DATA and FLOW_ACK. A stock
 * server ignores the unknown option (RFC 2347) and the transfer is plain RFC 7440. Octet mode
 * only: netascii changes lengths, and a flow receiver places blocks by number.
 */
public final class FlowMode {

    /** The option's name. */
    public static final String OPTION = "netdisk-flow";

    /** The only version there is. */
    public static final String VERSION = "1";

    private FlowMode() {}

    /** The option a client adds to its request. */
    public static TftpOption request() {
        return new TftpOption(OPTION, VERSION);
    }

    /** Whether a server should grant flow mode for {@code request}. */
    public static boolean asked(Request request) {
        Optional<String> value = request.options().get(OPTION);
        return value.isPresent() && value.get().equals(VERSION) && request.mode() == TransferMode.OCTET;
    }

    /** Whether {@code oack} grants flow mode. */
    public static boolean granted(OptionAck oack) {
        return granted(oack.options());
    }

    public static boolean granted(TftpOptions options) {
        return options.get(OPTION).map(VERSION::equals).orElse(false);
    }
}
