package netdisk.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    }
}
