package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void parsesHostsPortsAndBracketedIpv6() {
        assertThat(HostPort.parse("127.0.0.1", 69)).isEqualTo(new HostPort("127.0.0.1", 69));
        assertThat(HostPort.parse("127.0.0.1:6969", 69)).isEqualTo(new HostPort("127.0.0.1", 6969));
        assertThat(HostPort.parse("[::1]:6969", 69)).isEqualTo(new HostPort("::1", 6969));
        assertThat(HostPort.parse("[::1]", 69)).isEqualTo(new HostPort("::1", 69));
        assertThat(HostPort.parse("::1", 69)).isEqualTo(new HostPort("::1", 69));
        assertThat(new HostPort("::1", 6969)).hasToString("[::1]:6969");
    }

    @Test
    void refusesBadInput() {
        assertThatThrownBy(() -> HostPort.parse("host:0", 69)).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> HostPort.parse("host:x", 69)).hasMessageContaining("bad port");
        assertThatThrownBy(() -> HostPort.parse(":69", 69)).hasMessageContaining("no host");
        assertThatThrownBy(() -> HostPort.parse("[::1", 69)).hasMessageContaining("]");
        // An IPv6 address with a port but no brackets is no address and no name: said at once,
        // not looked up in DNS and by discovery.
        assertThatThrownBy(() -> HostPort.parse("::1:34783", 69))
                .hasMessage("'::1:34783' is not an IPv6 address; with a port, write it in brackets: [ADDRESS]:PORT, "
                        + "e.g. [::1]:6969");
        assertThatThrownBy(() -> HostPort.parse("fe80::1:zz", 69)).hasMessageContaining("[ADDRESS]:PORT");
        assertThat(HostPort.parse("fe80::1%lo", 69)).isEqualTo(new HostPort("fe80::1%lo", 69));
    }

    @Test
    void writesIpv6Short() throws Exception {
        assertThat(HostPort.of(new InetSocketAddress(InetAddress.getByName("::1"), 6969))).hasToString("[::1]:6969");
        assertThat(HostPort.of(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:0:0:0:7"), 1)))
                .hasToString("[2001:db8::7]:1");
    }
}
